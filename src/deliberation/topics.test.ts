import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../db/schema/index.ts';
import { rng } from '../math/random.ts';
import { startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { makeMember, makeTree, type TestMember, type Tree } from '../../test/helpers/factories.ts';
import type { ConversationTopics } from '../contract/deliberation.ts';

let t: TestApp;
let tree: Tree;
const cookies: Record<string, string> = {};
let organiser: TestMember;

/** Three themes, each with words of its own; statements are written from one theme's words each. */
const THEMES = {
  housing:
    'council homes rents landlords tenants housebuilding mortgages eviction social housing estates'.split(
      ' ',
    ),
  health: 'nhs hospitals nurses doctors waiting surgery ambulances prescriptions dentists clinics'.split(' '),
  transport: 'buses railways trains fares commuters cycling roads potholes timetables stations'.split(' '),
};
const FILLER = 'we should our local more for every the and in people town'.split(' ');

function statementsOf(perTheme: number, seed: number): { text: string; theme: string }[] {
  const random = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)] as T;
  const out: { text: string; theme: string }[] = [];
  for (let i = 0; i < perTheme; i++) {
    for (const [theme, words] of Object.entries(THEMES)) {
      const parts = [
        pick(FILLER),
        pick(words),
        pick(words),
        pick(FILLER),
        pick(words),
        pick(words),
        `n${out.length}`,
      ];
      out.push({ text: parts.join(' '), theme });
    }
  }
  return out;
}

/** A Polis export (comments.csv and votes.csv) of these statements, each voted on by ten people. */
function polisExport(stmts: { text: string }[]): Record<string, string> {
  const comments = [
    'timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body',
    ...stmts.map((s, i) => `1700000000,x,${i},0,0,0,1,${s.text}`),
  ].join('\n');
  const votes = ['timestamp,datetime,comment-id,voter-id,vote'];
  stmts.forEach((_, i) => {
    for (let v = 0; v < 10; v++) votes.push(`${1700000000 + i},x,${i},${v},${(i + v) % 3 === 0 ? -1 : 1}`);
  });
  return { 'comments.csv': comments, 'votes.csv': votes.join('\n') };
}

async function importConversation(files: Record<string, string>): Promise<string> {
  const form = new FormData();
  form.set('branchId', tree.constituencyA.id);
  form.set('title', 'Our town');
  form.set('question', 'What matters here?');
  for (const [name, text] of Object.entries(files)) form.append(name, new Blob([text]), name);
  const encoded = new Response(form);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/conversations/import',
    headers: { cookie: cookies.organiser ?? '', 'content-type': encoded.headers.get('content-type') ?? '' },
    payload: Buffer.from(await encoded.arrayBuffer()),
  });
  expect(res.statusCode).toBe(201);
  return res.json<{ conversation: { id: string } }>().conversation.id;
}

async function topicsOf(id: string, who = 'organiser') {
  return t.app.inject({ url: `/api/conversations/${id}/topics`, headers: { cookie: cookies[who] ?? '' } });
}

beforeAll(async () => {
  t = await startTestApp();
  tree = await makeTree(t.database.db);
  organiser = await makeMember(t.database.db, tree.wardA, { roles: [['organiser', tree.constituencyA]] });
  const member = await makeMember(t.database.db, tree.wardA);
  const otherModerator = await makeMember(t.database.db, tree.wardB, {
    roles: [['moderator', tree.constituencyB]],
  });
  const outsider = await makeMember(t.database.db, tree.wardB);
  for (const [k, m] of Object.entries({ organiser, member, otherModerator, outsider }))
    cookies[k] = await t.signIn(m.email);
});

afterAll(async () => {
  await t.close();
});

describe('topics', () => {
  it('finds a conversation’s topics after its analysis, keeps a given name when found again, and guards renaming', async () => {
    const stmts = statementsOf(20, 3);
    const id = await importConversation(polisExport(stmts));
    await t.analysis.drain({ all: true });

    const res = await topicsOf(id);
    expect(res.statusCode).toBe(200);
    const found = res.json<ConversationTopics>();
    expect(found.topics).toHaveLength(3);
    expect(found.topics.reduce((s, tp) => s + tp.statements, 0)).toBe(stmts.length);
    // Each topic is labelled with one theme's words, and holds that theme's statements.
    const themeOf = new Map<number, string>();
    for (const topic of found.topics) {
      const theme = Object.entries(THEMES).find(([, words]) => topic.label.every((w) => words.includes(w)));
      expect(theme, topic.label.join(' ')).toBeDefined();
      themeOf.set(topic.id, theme?.[0] ?? '');
    }
    const report = (
      await t.app.inject({
        url: `/api/conversations/${id}/report`,
        headers: { cookie: cookies.organiser ?? '' },
      })
    ).json<{ statements: { id: string; text: string }[] }>();
    const textOf = new Map(report.statements.map((s) => [s.id, s.text]));
    let right = 0;
    for (const s of found.statements) {
      const theme = stmts.find((x) => x.text === textOf.get(s.id))?.theme;
      if (theme === themeOf.get(s.topics[0] ?? -1)) right++;
    }
    expect(right / stmts.length).toBeGreaterThanOrEqual(0.9);

    // A member of the branch reads them; someone outside it does not.
    expect((await topicsOf(id, 'member')).statusCode).toBe(200);
    expect((await topicsOf(id, 'outsider')).statusCode).toBe(403);

    const housing = found.topics.find((tp) => themeOf.get(tp.id) === 'housing');
    const rename = (who: string, topic: number, body: unknown) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/conversations/${id}/topics/${topic}`,
        headers: { cookie: cookies[who] ?? '' },
        payload: body as Record<string, unknown>,
      });
    // Only those who run the conversation rename; a name is checked; a topic that is not there is 404.
    expect((await rename('member', housing?.id ?? 0, { name: 'Homes' })).statusCode).toBe(403);
    expect((await rename('otherModerator', housing?.id ?? 0, { name: 'Homes' })).statusCode).toBe(403);
    const empty = await rename('organiser', housing?.id ?? 0, { name: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json<{ error: { code: string } }>().error.code).toBe('VALIDATION_FAILED');
    expect((await rename('organiser', housing?.id ?? 0, { name: 'x'.repeat(61) })).statusCode).toBe(400);
    expect((await rename('organiser', 999, { name: 'Homes' })).statusCode).toBe(404);
    const named = await rename('organiser', housing?.id ?? 0, { name: 'Homes for all' });
    expect(named.statusCode).toBe(200);
    const audited = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, id), eq(auditLog.action, 'change')));
    expect(audited.map((a) => a.detail)).toContainEqual(
      expect.objectContaining({ topic: housing?.id, name: 'Homes for all' }),
    );

    // A new statement accepted: the topics are found again, and the housing topic keeps its number and name.
    const posted = await t.app.inject({
      method: 'POST',
      url: `/api/conversations/${id}/statements`,
      headers: { cookie: cookies.organiser ?? '' },
      payload: { text: 'Cap rents and protect tenants from eviction by landlords' },
    });
    expect(posted.statusCode).toBeLessThan(300);
    const newId = posted.json<{ statement: { id: string; status: string } }>().statement;
    if (newId.status === 'pending') {
      const accepted = await t.app.inject({
        method: 'POST',
        url: `/api/conversations/${id}/moderation`,
        headers: { cookie: cookies.organiser ?? '' },
        payload: { statementIds: [newId.id], decision: 'accepted' },
      });
      expect(accepted.statusCode).toBe(200);
    }
    await t.analysis.drain({ all: true });
    const again = (await topicsOf(id)).json<ConversationTopics>();
    const kept = again.topics.find((tp) => tp.id === housing?.id);
    expect(kept?.name).toBe('Homes for all');
    expect(again.statements.find((s) => s.id === newId.id)?.topics[0]).toBe(housing?.id);

    // Two names given at once: each request whole and audited, the topic left with one of them.
    const raced = await Promise.all([
      rename('organiser', housing?.id ?? 0, { name: 'Housing' }),
      rename('organiser', housing?.id ?? 0, { name: 'Homes' }),
    ]);
    expect(raced.map((r) => r.statusCode)).toEqual([200, 200]);
    const settled = (await topicsOf(id))
      .json<ConversationTopics>()
      .topics.find((tp) => tp.id === housing?.id);
    expect(['Housing', 'Homes']).toContain(settled?.name);
    const names = (
      await t.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.subjectId, id), eq(auditLog.action, 'change')))
    ).map((a) => (a.detail as { name?: string }).name);
    expect(names).toEqual(expect.arrayContaining(['Housing', 'Homes']));

    // Going back to the words.
    expect((await rename('organiser', housing?.id ?? 0, { name: null })).json()).toEqual({
      id: housing?.id,
      name: null,
    });
  });

  it('finds no topics among a handful of statements', async () => {
    const id = await importConversation(polisExport(statementsOf(2, 5)));
    await t.analysis.drain({ all: true });
    const res = (await topicsOf(id)).json<ConversationTopics>();
    expect(res).toEqual({ topics: [], statements: [] });
  });
});
