/**
 * The authorisation matrix of Common Ground and the Manifesto: every endpoint, for each role (the drafter
 * included) held at each level of the tree, on a conversation and a draft of constituency A (whose members
 * every actor here is: their home ward is ward A2) and of ward B (whose member none is). The expectations
 * are written from the specification, not computed by the policy module under test:
 *
 * - a conversation is for the members of its branch, and those who run it (moderators, organisers, admins
 *   at the branch or above); moderation and exports are for those who run it; starting or changing one is
 *   for organisers and admins;
 * - a draft manifesto is read by the members of its branch and its drafting committee (drafters and admins
 *   at the branch or above), who alone change it, hold its ballot, publish it and decide amendments;
 * - a ballot's vote is for the members of the branch.
 *
 * A refusal is exactly 403; an allowed request is anything but 401, 403 or 404 (a second drafter closing a
 * closed ballot gets a 409, which is not a refusal of who they are).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/db/schema/index.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { makeMember, makeTree, type Tree } from '../helpers/factories.ts';

const ROLES: Role[] = ['member', 'canvasser', 'organiser', 'moderator', 'drafter', 'data_officer', 'admin'];
const LEVELS = ['party', 'regionA', 'constituencyA', 'wardA'] as const;
type Level = (typeof LEVELS)[number];
type Place = 'A' | 'B';

/** Roles by what they may do where they hold them (or above). */
const RUNS_CONVERSATIONS: Role[] = ['moderator', 'organiser', 'admin'];
const STARTS_CONVERSATIONS: Role[] = ['organiser', 'admin'];
const DRAFTS: Role[] = ['drafter', 'admin'];

/** Does a role held at `level` reach constituency A / ward B? */
const reaches = (level: Level, place: Place) => (place === 'A' ? level !== 'wardA' : level === 'party');
/** Every actor's home ward is ward A2, in constituency A and not in ward B. */
const memberOf = (place: Place) => place === 'A';

let t: TestApp;
let tree: Tree;
const actors = new Map<string, string>();
const key = (role: Role, level: Level) => `${role}@${level}`;

interface Fixture {
  branchId: string;
  conversation: string;
  statements: string[];
  manifesto: string;
  section: string;
  clauses: string[];
  ballot: string;
  amendment: string;
}
const at: Partial<Record<Place, Fixture>> = {};
const fixture = (place: Place): Fixture => {
  const f = at[place];
  if (!f) throw new Error(`no fixture for ${place}`);
  return f;
};

async function call(
  cookie: string,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  body?: unknown,
) {
  const res = await t.app.inject({
    method,
    url,
    headers: { cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
  return { code: res.statusCode, json: () => res.json<Record<string, unknown>>() };
}

async function made(cookie: string, url: string, body: unknown): Promise<Record<string, unknown>> {
  const r = await call(cookie, 'POST', url, body);
  if (r.code >= 300) throw new Error(`${url}: ${r.code} ${JSON.stringify(r.json())}`);
  return r.json();
}

const idOf = (v: unknown): string => (v as { id: string }).id;

/** The clause ids of a draft as GET /api/manifestos/:id (and every change to a draft) answers it, by text. */
const clauseIds = (draft: Record<string, unknown>, text?: string): string[] =>
  (draft.sections as { clauses: { id: string; text: string }[] }[])
    .flatMap((sec) => sec.clauses)
    .filter((c) => text === undefined || c.text === text)
    .map((c) => c.id);

beforeAll(async () => {
  t = await startTestApp();
  tree = await makeTree(t.database.db);
  for (const role of ROLES)
    for (const level of LEVELS) {
      const m = await makeMember(t.database.db, tree.wardA2, { roles: [[role, tree[level]]] });
      actors.set(key(role, level), await t.signIn(m.email));
    }
  const admin = await t.signIn(
    (await makeMember(t.database.db, tree.wardA2, { roles: [['admin', tree.party]] })).email,
  );
  const today = new Date().toISOString().slice(0, 10);
  for (const [place, branch] of [
    ['A', tree.constituencyA],
    ['B', tree.wardB],
  ] as const) {
    const c = await made(admin, '/api/conversations', {
      branchId: branch.id,
      title: `Matrix ${place}`,
      question: 'What matters?',
      seedStatements: ['Buses every ten minutes.', 'More council homes.', 'Libraries open on Sundays.'],
    });
    const queue = await call(admin, 'GET', `/api/conversations/${idOf(c)}/moderation?status=accepted`);
    const statements = (queue.json().statements as { id: string }[]).map((s) => s.id);
    const m = await made(admin, '/api/manifestos', {
      branchId: branch.id,
      title: `Draft ${place}`,
      sections: ['Transport'],
    });
    const draft = (await call(admin, 'GET', `/api/manifestos/${idOf(m)}`)).json() as {
      sections: { id: string }[];
    };
    const section = draft.sections[0]?.id ?? '';
    for (const text of ['Free buses for under-18s.', 'A tram for the city.'])
      await made(admin, `/api/manifestos/${idOf(m)}/clauses`, { sectionId: section, text });
    const clauses = clauseIds((await call(admin, 'GET', `/api/manifestos/${idOf(m)}`)).json());
    await made(admin, `/api/manifestos/${idOf(m)}/versions`, { title: 'Published' });
    const ballot = await made(admin, `/api/manifestos/${idOf(m)}/ballots`, {
      mode: 'document',
      cutoff: today,
    });
    await made(admin, `/api/manifestos/${idOf(m)}/amendment-window`, {
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const proposed = await made(admin, `/api/manifestos/${idOf(m)}/amendments`, {
      kind: 'add',
      sectionId: section,
      text: `Night buses at weekends (${place}).`,
    });
    at[place] = {
      branchId: branch.id,
      conversation: idOf(c),
      statements,
      manifesto: idOf(m),
      section,
      clauses,
      ballot: idOf(ballot),
      amendment: idOf((proposed.amendments as unknown[])[0]),
    };
  }
}, 180_000);
afterAll(() => t.close());

const expectAllowed = (code: number, allowed: boolean, what: string) => {
  if (allowed) expect([401, 403, 404], `${what}: allowed, got ${code}`).not.toContain(code);
  else expect(code, `${what}: refused`).toBe(403);
};

describe.each(ROLES.flatMap((role) => LEVELS.map((level) => ({ role, level }))))(
  '$role at $level',
  ({ role, level }) => {
    const cookie = () => actors.get(key(role, level)) ?? '';
    const holds = (roles: Role[], place: Place) => roles.includes(role) && reaches(level, place);

    it.each(['A', 'B'] as const)('Common Ground in %s: taking part, running, starting', async (place) => {
      const f = fixture(place);
      const runs = holds(RUNS_CONVERSATIONS, place);
      const takesPart = memberOf(place) || runs;
      const c = `/api/conversations/${f.conversation}`;
      for (const path of [
        '',
        '/next',
        '/my-votes',
        '/my-statements',
        '/map',
        '/report',
        '/similar?text=buses',
      ])
        expectAllowed((await call(cookie(), 'GET', `${c}${path}`)).code, takesPart, `GET ${path || '/'}`);
      const s = f.statements[0] ?? '';
      expectAllowed(
        (await call(cookie(), 'POST', `${c}/votes`, { statementId: s, value: 1 })).code,
        takesPart,
        'vote',
      );
      expectAllowed(
        (await call(cookie(), 'POST', `${c}/votes/undo`, { statementId: s })).code,
        takesPart,
        'undo',
      );
      const text = `Statement of ${role} at ${level} in ${place}.`;
      expectAllowed((await call(cookie(), 'POST', `${c}/statements`, { text })).code, takesPart, 'post');
      if (!takesPart) expect((await call(cookie(), 'GET', `${c}/stream`)).code, 'stream').toBe(403);

      for (const path of [
        '/moderation',
        '/moderation/log',
        '/export/analysis.json',
        '/export/polis/votes.csv',
      ])
        expectAllowed((await call(cookie(), 'GET', `${c}${path}`)).code, runs, `GET ${path}`);
      expectAllowed(
        (await call(cookie(), 'POST', `${c}/moderation`, { statementIds: [s], decision: 'accepted' })).code,
        runs,
        'moderate',
      );
      expectAllowed(
        (await call(cookie(), 'POST', `${c}/moderation/merge`, { statementId: f.statements[2], intoId: s }))
          .code,
        runs,
        'merge',
      );
      const starts = holds(STARTS_CONVERSATIONS, place);
      expectAllowed((await call(cookie(), 'PATCH', c, { title: `Matrix ${place}` })).code, starts, 'change');
      const started = await call(cookie(), 'POST', '/api/conversations', {
        branchId: f.branchId,
        title: `By ${role}`,
        question: 'Why?',
      });
      expectAllowed(started.code, starts, 'start');
    });

    it('imports a Polis export only with the right to start a conversation somewhere, refusing before the upload is read', async () => {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/conversations/import',
        headers: { cookie: cookie(), 'content-type': 'multipart/form-data; boundary=x' },
        payload: '--x--\r\n',
      });
      expectAllowed(r.statusCode, STARTS_CONVERSATIONS.includes(role), 'import');
    });

    it.each(['A', 'B'] as const)(
      'the draft manifesto of %s: reading, ranking, drafting, ballots, amendments',
      async (place) => {
        const f = fixture(place);
        const drafts = holds(DRAFTS, place);
        const reads = memberOf(place) || drafts;
        const m = `/api/manifestos/${f.manifesto}`;
        for (const path of [
          '',
          '/priorities/next',
          '/priorities',
          '/ballots',
          '/versions',
          '/diff?from=1&to=1',
          '/amendments',
        ])
          expectAllowed((await call(cookie(), 'GET', `${m}${path}`)).code, reads, `GET ${path || '/'}`);
        expectAllowed(
          (await call(cookie(), 'POST', `${m}/priorities`, { winnerId: f.clauses[0], loserId: f.clauses[1] }))
            .code,
          reads,
          'rank',
        );
        expectAllowed(
          (
            await call(cookie(), 'POST', `${m}/amendments`, {
              kind: 'add',
              sectionId: f.section,
              text: `By ${role} at ${level}.`,
            })
          ).code,
          // Proposing takes reading the draft and taking part in its amendment conversation.
          memberOf(place) || (holds(DRAFTS, place) && holds(RUNS_CONVERSATIONS, place)),
          'propose',
        );
        const b = `/api/ballots/${f.ballot}`;
        expectAllowed((await call(cookie(), 'GET', b)).code, reads, 'read ballot');
        expectAllowed(
          (await call(cookie(), 'POST', `${b}/verify`, { receipt: 'x'.repeat(20) })).code,
          reads,
          'verify',
        );
        // Only members of the branch vote, drafters of it or not.
        expectAllowed(
          (await call(cookie(), 'POST', `${b}/votes`, { document: 'approve' })).code,
          memberOf(place),
          'ballot vote',
        );

        const section = await call(cookie(), 'POST', `${m}/sections`, { title: `${role} ${level}` });
        expectAllowed(section.code, drafts, 'add section');
        const clause = await call(cookie(), 'POST', `${m}/clauses`, {
          sectionId: f.section,
          text: `By ${role} at ${level}.`,
        });
        expectAllowed(clause.code, drafts, 'add clause');
        const own =
          (clause.code < 300 && clauseIds(clause.json(), `By ${role} at ${level}.`)[0]) ||
          (f.clauses[1] ?? '');
        expectAllowed((await call(cookie(), 'DELETE', `${m}/clauses/${own}`)).code, drafts, 'remove clause');
        expectAllowed(
          (await call(cookie(), 'POST', `${m}/versions`, { title: 'Published' })).code,
          drafts,
          'publish',
        );
        expectAllowed(
          (
            await call(cookie(), 'POST', `${m}/amendment-window`, {
              closesAt: new Date(Date.now() + 3_600_000).toISOString(),
            })
          ).code,
          drafts,
          'open the amendment window',
        );
        expectAllowed(
          (
            await call(cookie(), 'POST', `${m}/amendments/${f.amendment}/decision`, {
              decision: 'decline',
              reason: 'Not now.',
            })
          ).code,
          drafts,
          'decide',
        );
        const started = await call(cookie(), 'POST', '/api/manifestos', {
          branchId: f.branchId,
          title: `By ${role}`,
        });
        expectAllowed(started.code, drafts, 'start a draft');
      },
    );

    it('lists only what it may see, and reads the published manifesto like anyone', async () => {
      expect((await call(cookie(), 'GET', '/api/conversations')).code).toBe(200);
      expect((await call(cookie(), 'GET', '/api/manifestos')).code).toBe(200);
      expect((await call('', 'GET', `/api/public/manifestos/${fixture('A').manifesto}`)).code).toBe(200);
    });
  },
);

// Closing ballots comes after every vote above: a closed ballot refuses votes whoever casts them.
describe.each(ROLES.flatMap((role) => LEVELS.map((level) => ({ role, level }))))(
  'closing the ballots: $role at $level',
  ({ role, level }) => {
    it.each(['A', 'B'] as const)(
      'closes the ballot of %s only if on the drafting committee',
      async (place) => {
        const r = await call(
          actors.get(key(role, level)) ?? '',
          'POST',
          `/api/ballots/${fixture(place).ballot}/close`,
        );
        expectAllowed(r.code, DRAFTS.includes(role) && reaches(level, place), 'close the ballot');
      },
    );
  },
);
