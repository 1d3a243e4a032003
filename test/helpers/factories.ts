/**
 * Test data: a branch tree and members with roles, made fresh with unique codes and emails so test
 * files never depend on each other's rows.
 */
import crypto from 'node:crypto';
import type { Db } from '../../src/db/client.ts';
import type { Role } from '../../src/db/schema/index.ts';
import { newId } from '../../src/lib/ids.ts';
import { insertBranch, type BranchRow } from '../../src/members/branch.repo.ts';
import { addAssignment, insertMembers } from '../../src/members/member.repo.ts';
import { unaudited } from '../../src/core/audited.ts';

const tag = (): string => crypto.randomBytes(3).toString('hex').toUpperCase();

export interface Tree {
  party: BranchRow;
  regionA: BranchRow;
  regionB: BranchRow;
  constituencyA: BranchRow;
  constituencyB: BranchRow;
  wardA: BranchRow;
  wardA2: BranchRow;
  wardB: BranchRow;
}

/** party → regions A, B → constituency A (wards A, A2), constituency B (ward B). */
export async function makeTree(db: Db): Promise<Tree> {
  const t = tag();
  const b = (parent: BranchRow | null, kind: BranchRow['kind'], name: string) =>
    insertBranch(db, {
      id: newId(),
      parent,
      kind,
      name: `${name} ${t}`,
      code: `${name.replace(/\s/g, '').toUpperCase().slice(0, 8)}-${t}`,
    });
  const party = await b(null, 'party', 'Party');
  const regionA = await b(party, 'region', 'Region A');
  const regionB = await b(party, 'region', 'Region B');
  const constituencyA = await b(regionA, 'constituency', 'Con A');
  const constituencyB = await b(regionB, 'constituency', 'Con B');
  const wardA = await b(constituencyA, 'ward', 'Ward A');
  const wardA2 = await b(constituencyA, 'ward', 'Ward AA');
  const wardB = await b(constituencyB, 'ward', 'Ward B');
  return { party, regionA, regionB, constituencyA, constituencyB, wardA, wardA2, wardB };
}

export interface TestMember {
  id: string;
  email: string;
  name: string;
}

let counter = 0;

export async function makeMember(
  db: Db,
  ward: BranchRow,
  opts: {
    roles?: [Role, BranchRow][];
    name?: string;
    status?: 'active' | 'lapsed' | 'suspended';
    phone?: string;
  } = {},
): Promise<TestMember> {
  counter++;
  const id = newId();
  const email = `m${counter}-${tag().toLowerCase()}@test.broadchurch.org`;
  const name = opts.name ?? `Test Member ${counter}`;
  await insertMembers(db, [
    {
      id,
      name,
      email,
      phone: opts.phone ?? '07700 900123',
      homeWardId: ward.id,
      joinedOn: '2026-01-15',
      // On the platform since they joined (a ballot's electorate reads when a member was recorded here).
      createdAt: new Date('2026-01-15T09:00:00Z'),
      status: opts.status ?? 'active',
      invitedBy: null,
    },
  ]);
  for (const [role, branch] of opts.roles ?? []) {
    await addAssignment(unaudited(db), {
      id: newId(),
      memberId: id,
      role,
      branchId: branch.id,
      grantedBy: null,
    });
  }
  return { id, email, name };
}

/**
 * Members of a ward, signed in: each name becomes a member (with the roles given for it, at that ward) and
 * its session cookie, by name.
 */
export async function signedInMembers(
  db: Db,
  ward: BranchRow,
  names: string[],
  signIn: (email: string) => Promise<string>,
  roles: Record<string, Role> = {},
): Promise<Record<string, string>> {
  const cookies: Record<string, string> = {};
  for (const name of names) {
    const role = roles[name];
    const member = await makeMember(db, ward, role ? { roles: [[role, ward]] } : {});
    cookies[name] = await signIn(member.email);
  }
  return cookies;
}
