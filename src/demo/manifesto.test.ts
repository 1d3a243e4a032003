import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { DEMO_ADMIN_EMAIL, seedDemo } from './index.ts';
import type { getManifesto, listManifestos } from '../manifesto/manifesto.service.ts';

let t: TestApp;
let cookie = '';

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.database.db);
  await t.analysis.drain({ all: true });
  cookie = await t.signIn(DEMO_ADMIN_EMAIL);
}, 120_000);
afterAll(() => t.close());

describe('the demo manifesto', () => {
  it("is the party's draft, built from the demo conversation's common ground, with evidence", async () => {
    const list = (await t.call(cookie, 'GET', '/api/manifestos')).body as unknown as Awaited<
      ReturnType<typeof listManifestos>
    >;
    const demo = list.manifestos.find((m) => m.title === 'Our manifesto (draft)');
    expect(demo?.branch.name).toBe('Broadchurch Party');
    const draft = (await t.call(cookie, 'GET', `/api/manifestos/${demo?.id}`)).body as unknown as Awaited<
      ReturnType<typeof getManifesto>
    >;
    const all = draft.sections.flatMap((s) => s.clauses);
    expect(all).toHaveLength(6);
    const conversation = all[0]?.evidence?.conversation.id ?? '';
    const report = (await t.call(cookie, 'GET', `/api/conversations/${conversation}/report`)).body as {
      commonGround: { id: string }[];
    };
    const common = new Set(report.commonGround.map((s) => s.id));
    for (const clause of all) {
      expect(clause.source).toBe('statement');
      expect(common.has(clause.evidence?.statementId ?? ''), clause.text).toBe(true);
      expect(clause.evidence?.support?.byGroup.length).toBeGreaterThanOrEqual(2);
    }
  });
});
