import { describe, expect, it } from 'vitest';
import { can, canGrant, scopeOf, type Actor } from './permissions.ts';

const actor = (assignments: Actor['assignments']): Actor => ({
  memberId: 'm',
  userId: 'u',
  homeWardId: 'w',
  homeWardPath: 'r/w/',
  assignments,
});

describe('policy', () => {
  const organiserOfCon = actor([{ role: 'organiser', branchId: 'c', branchPath: '/p/r/c/' }]);
  it('a role applies to its branch and everything below it', () => {
    expect(can(organiserOfCon, 'members.list', '/p/r/c/')).toBe(true);
    expect(can(organiserOfCon, 'members.list', '/p/r/c/w/')).toBe(true);
    expect(can(organiserOfCon, 'members.list', '/p/r/')).toBe(false);
    expect(can(organiserOfCon, 'members.list', '/p/r/c2/w/')).toBe(false);
  });
  it('nobody signed out may do anything', () => {
    expect(can(null, 'members.list', '/p/')).toBe(false);
  });
  it('scopeOf keeps only the highest branches', () => {
    const a = actor([
      { role: 'organiser', branchId: 'w', branchPath: '/p/r/c/w/' },
      { role: 'organiser', branchId: 'c', branchPath: '/p/r/c/' },
      { role: 'data_officer', branchId: 'x', branchPath: '/p/x/' },
      { role: 'canvasser', branchId: 'p', branchPath: '/p/' },
    ]);
    expect(scopeOf(a, 'members.list').sort()).toEqual(['/p/r/c/', '/p/x/']);
  });
  it('organisers grant only canvasser and moderator, within their branches', () => {
    expect(canGrant(organiserOfCon, 'canvasser', '/p/r/c/w/')).toBe(true);
    expect(canGrant(organiserOfCon, 'admin', '/p/r/c/w/')).toBe(false);
    expect(canGrant(organiserOfCon, 'canvasser', '/p/q/')).toBe(false);
  });
});
