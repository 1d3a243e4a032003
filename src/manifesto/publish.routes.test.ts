import { execFileSync } from 'node:child_process';
import MarkdownIt from 'markdown-it';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAs, startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { makeMember, makeTree, type Tree } from '../../test/helpers/factories.ts';

/** pdftotext (Debian's poppler-utils; .ci/run installs it) reads the PDF back. */
const hasPdftotext = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let t: TestApp;
let tree: Tree;
const cookies: Record<string, string> = {};
const call = callAs(() => t, cookies);

interface Clause {
  id: string;
  text: string;
}
interface DraftBody {
  id: string;
  sections: { id: string; title: string; clauses: Clause[] }[];
}

beforeAll(async () => {
  t = await startTestApp();
  tree = await makeTree(t.database.db);
  const db = t.database.db;
  cookies.drafter = await t.signIn(
    (await makeMember(db, tree.wardA, { roles: [['drafter', tree.constituencyA]] })).email,
  );
  cookies.member = await t.signIn((await makeMember(db, tree.wardA)).email);
});
afterAll(() => t.close());

describe('publishing', () => {
  it('versions, the diff between them, a public page and Markdown', async () => {
    const draft = (
      await call('drafter', 'POST', '/api/manifestos', {
        branchId: tree.constituencyA.id,
        title: 'Millbrook manifesto',
        sections: ['Housing', 'Transport', 'Empty'],
      })
    ).body as unknown as DraftBody;
    const [housing, transport] = draft.sections;
    const add = async (sectionId: string | undefined, text: string) =>
      (await call('drafter', 'POST', `/api/manifestos/${draft.id}/clauses`, { sectionId, text }))
        .body as unknown as DraftBody;
    await add(housing?.id, 'Build council homes.');
    const withTwo = await add(housing?.id, 'End no-fault evictions.');
    const evictions = withTwo.sections[0]?.clauses[1]?.id;
    // Nothing is public before the first version.
    expect((await call(null, 'GET', `/api/public/manifestos/${draft.id}`)).status).toBe(404);
    const publish = (who: string, title = 'Millbrook manifesto') =>
      call(who, 'POST', `/api/manifestos/${draft.id}/versions`, { title });
    expect((await publish('member')).status).toBe(403);
    expect((await call('member', 'GET', `/api/manifestos/${draft.id}/publication-preview`)).status).toBe(403);
    // A title is required.
    const untitled = await call('drafter', 'POST', `/api/manifestos/${draft.id}/versions`, { title: ' ' });
    expect(untitled.body.error?.issues?.[0]).toMatchObject({ field: 'body.title', message: 'is required' });
    // The preview is what would be published; nothing is published by asking for it.
    const preview = await call('drafter', 'GET', `/api/manifestos/${draft.id}/publication-preview`);
    expect(preview.body).toMatchObject({ title: 'Millbrook manifesto', ratification: null });
    expect((await call(null, 'GET', `/api/public/manifestos/${draft.id}`)).status).toBe(404);
    const v1 = await publish('drafter');
    expect(v1.status).toBe(201);
    expect(v1.body.version).toBe(1);

    await add(transport?.id, 'Restore rural buses.');
    await call('drafter', 'DELETE', `/api/manifestos/${draft.id}/clauses/${evictions}`);
    expect((await publish('drafter')).body.version).toBe(2);

    const versions = await call('member', 'GET', `/api/manifestos/${draft.id}/versions`);
    expect((versions.body.versions as { number: number }[]).map((v) => v.number)).toEqual([2, 1]);
    const diff = await call('member', 'GET', `/api/manifestos/${draft.id}/diff?from=1&to=2`);
    expect(diff.status).toBe(200);
    expect(diff.body.sections).toEqual([
      { title: 'Housing', added: [], removed: ['End no-fault evictions.'], reworded: [] },
      { title: 'Transport', added: ['Restore rural buses.'], removed: [], reworded: [] },
    ]);
    expect((await call('member', 'GET', `/api/manifestos/${draft.id}/diff?from=1&to=9`)).status).toBe(404);
    expect((await call('member', 'GET', `/api/manifestos/${draft.id}/diff?from=x&to=2`)).status).toBe(400);

    // Public: the latest version, without signing in; empty sections left out.
    const page = await call(null, 'GET', `/api/public/manifestos/${draft.id}`);
    expect(page.status).toBe(200);
    const content = page.body.content as { title: string; sections: { title: string; clauses: Clause[] }[] };
    expect(page.body.number).toBe(2);
    expect(content.sections.map((s) => [s.title, s.clauses.map((c) => c.text)])).toEqual([
      ['Housing', ['Build council homes.']],
      ['Transport', ['Restore rural buses.']],
    ]);
    const md = await call(null, 'GET', `/api/public/manifestos/${draft.id}/manifesto.md`);
    expect(md.raw.headers['content-type']).toMatch(/text\/markdown/);
    expect(md.raw.body).toContain('# Millbrook manifesto');
    expect(md.raw.body).toContain('## Housing\n\n- Build council homes.');
    expect(md.raw.body).toContain('## Transport\n\n- Restore rural buses.');
    expect(md.raw.body).not.toContain('evictions');
    expect(md.raw.body).not.toContain('Empty');
    expect(md.raw.body).toContain('Not put to a ballot of the members before it was published.');
  });

  it('publishes under the committee’s title, and says how and when the members ratified it', async () => {
    const draft = (
      await call('drafter', 'POST', '/api/manifestos', {
        branchId: tree.constituencyA.id,
        title: 'Riverside manifesto (draft)',
        sections: ['Housing'],
      })
    ).body as unknown as DraftBody;
    await call('drafter', 'POST', `/api/manifestos/${draft.id}/clauses`, {
      sectionId: draft.sections[0]?.id,
      text: 'Build council homes.',
    });
    const ballot = await call('drafter', 'POST', `/api/manifestos/${draft.id}/ballots`, {
      mode: 'document',
      cutoff: '2026-06-01',
    });
    const id = String(ballot.body.id);
    expect((await call('member', 'POST', `/api/ballots/${id}/votes`, { document: 'approve' })).status).toBe(
      200,
    );
    expect((await call('drafter', 'POST', `/api/ballots/${id}/close`)).status).toBe(200);
    const preview = await call('drafter', 'GET', `/api/manifestos/${draft.id}/publication-preview`);
    // The working title's "(draft)" is not offered as the published title.
    expect(preview.body.title).toBe('Riverside manifesto');
    expect(preview.body.ratification).toMatchObject({
      mode: 'document',
      voted: 1,
      quorate: true,
      carried: true,
    });
    await call('drafter', 'POST', `/api/manifestos/${draft.id}/versions`, { title: 'Riverside: our plan' });
    const page = await call(null, 'GET', `/api/public/manifestos/${draft.id}`);
    const content = page.body.content as { title: string; ratification: { eligible: number } };
    expect(content.title).toBe('Riverside: our plan');
    const md = await call(null, 'GET', `/api/public/manifestos/${draft.id}/manifesto.md`);
    const day = new Date().toISOString().slice(0, 10);
    // As Markdown renders it: every character Markdown gives a meaning to is escaped.
    const shown = md.raw.body.replace(/\\(.)/g, '$1');
    expect(shown).toContain(
      `Ratified by the members on ${day}; 1 of ${content.ratification.eligible} eligible members voted`,
    );
    expect(shown).toContain('Groups are sets of members who voted alike');
  });

  it.runIf(hasPdftotext)('the PDF contains the clauses (read back with pdftotext)', async () => {
    const draft = (
      await call('drafter', 'POST', '/api/manifestos', {
        branchId: tree.constituencyA.id,
        title: 'Printable manifesto',
        sections: ['Health'],
      })
    ).body as unknown as DraftBody;
    const texts = [
      'Cut NHS waiting lists to 18 weeks.',
      'Free social care at the point of use, like the NHS.',
    ];
    for (const text of texts)
      await call('drafter', 'POST', `/api/manifestos/${draft.id}/clauses`, {
        sectionId: draft.sections[0]?.id,
        text,
      });
    await call('drafter', 'POST', `/api/manifestos/${draft.id}/versions`, { title: 'Printable manifesto' });
    const pdf = await call(null, 'GET', `/api/public/manifestos/${draft.id}/manifesto.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.raw.headers['content-type']).toBe('application/pdf');
    const bytes = pdf.raw.rawPayload;
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: bytes }).toString();
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Printable manifesto');
    expect(flat).toContain('Health');
    for (const clause of texts) expect(flat).toContain(clause);
  });
});

describe('the public Markdown', () => {
  it('shows what was written as text: no raw HTML, no links, no injected headings or lists', async () => {
    const draft = (
      await call('drafter', 'POST', '/api/manifestos', {
        branchId: tree.constituencyA.id,
        title: 'Our <b>manifesto</b> # [x](javascript:alert(1))',
        sections: ['Hostile <script>alert(1)</script>'],
      })
    ).body as unknown as DraftBody;
    const hostile = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '[Read more](javascript:alert(document.cookie))',
      '![x](https://tracker.example/pixel.png)',
      '<javascript:alert(1)>',
      'A clause\n# Injected heading\n- injected item',
      '1. Not a list',
      '*emphasis* and `code` and **bold** | table |',
    ];
    for (const text of hostile)
      expect(
        (
          await call('drafter', 'POST', `/api/manifestos/${draft.id}/clauses`, {
            sectionId: draft.sections[0]?.id,
            text,
          })
        ).status,
      ).toBeLessThan(300);
    await call('drafter', 'POST', `/api/manifestos/${draft.id}/versions`, { title: 'Printable manifesto' });
    const md = (await call(null, 'GET', `/api/public/manifestos/${draft.id}/manifesto.md`)).raw.body;
    // Rendered by a CommonMark renderer with raw HTML allowed, as a careless reader of the file might.
    const html = new MarkdownIt({ html: true }).render(md);
    expect(html).not.toMatch(/<script|<img|<a |<b>|<em>|<strong>|<code>|<table|<ol/i);
    // With bare URLs made links (as GitHub does), a URL written in a clause is a link, but never a script.
    const linked = new MarkdownIt({ html: true, linkify: true }).render(md);
    expect(linked).not.toMatch(/<script|<img|href="javascript/i);
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html.match(/<h2>/g)).toHaveLength(1);
    expect(html.match(/<li>/g)).toHaveLength(hostile.length);
    // The words are all there, as text.
    const text = html
      .replace(/<[^>]+>/g, '')
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&amp;', '&');
    for (const clause of hostile) expect(text).toContain(clause.replace(/\s*\n\s*/g, ' '));
  });
});
