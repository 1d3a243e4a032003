/**
 * Publishing: a version is the draft as it stood (sections, clauses and each clause's evidence then),
 * numbered from 1. Versions can be compared clause by clause; the latest is public — a page anyone can
 * read, and Markdown.
 */
import PDFDocument from 'pdfkit';
import type { Executor } from '../db/client.ts';
import type { ServiceContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import { audited } from '../core/audited.ts';
import type { Actor } from '../core/permissions.ts';
import { AppError, forbidden, notFound } from '../core/errors.ts';
import { getManifesto, readable } from './manifesto.service.ts';
import * as repo from './manifesto.repo.ts';
import { ratificationOf } from '../ballots/index.ts';
import { GROUPS_EXPLAINED, ratificationSentence, type Ratification } from '../contract/manifesto.ts';

const day = (iso: string) => iso.slice(0, 10);

/** A published document: what the public page, the Markdown and the diffs are made from. */
export interface PublishedContent {
  title: string;
  branch: string;
  ratification?: Ratification | null;
  sections: {
    title: string;
    clauses: {
      id: string;
      text: string;
      evidence: {
        conversation: string;
        agree: number;
        disagree: number;
        pass: number;
        groups: { label: string; agreeShare: number }[];
      } | null;
    }[];
  }[];
}

/** A draft's title as a published document's: without a "(draft)" or "draft:" the working title carried. */
export const publishedTitle = (title: string): string =>
  title
    .replace(/\s*[([]\s*draft\s*[)\]]\s*/gi, ' ')
    .replace(/^\s*draft\s*[:–-]\s*/i, '')
    .replace(/\s+/g, ' ')
    .trim() || title;

/** What publishing would make of the draft now: the preview the committee sees before publishing. */
export async function publicationPreview(ctx: ServiceContext, actor: Actor, id: string, title?: string) {
  const draft = await getManifesto(ctx, actor, id);
  if (!draft.canDraft) throw forbidden("Only the branch's drafting committee can publish its manifesto");
  const content: PublishedContent = {
    title: title ?? publishedTitle(draft.title),
    branch: draft.branch.name,
    ratification: await ratificationOf(ctx, draft.id),
    sections: draft.sections
      .filter((s) => s.clauses.length > 0)
      .map((s) => ({
        title: s.title,
        clauses: s.clauses.map((c) => ({
          id: c.id,
          text: c.text,
          evidence: c.evidence?.support
            ? {
                conversation: c.evidence.conversation.title,
                agree: c.evidence.support.agree,
                disagree: c.evidence.support.disagree,
                pass: c.evidence.support.pass,
                groups: c.evidence.support.byGroup.map((g) => ({ label: g.label, agreeShare: g.agreeShare })),
              }
            : null,
        })),
      })),
  };
  return { draft, content };
}

/** Publishes the draft as its next version, under the title given (its drafting committee). */
export async function publish(ctx: ServiceContext, actor: Actor, id: string, title: string) {
  const { draft, content } = await publicationPreview(ctx, actor, id, title);
  if (content.sections.length === 0) throw new AppError('DRAFT_EMPTY', 'The draft has no clauses to publish');
  const number = await audited(ctx.db, async (tx, record) => {
    const n = await repo.insertNextVersion(
      tx,
      id,
      content as unknown as Record<string, unknown>,
      actor.memberId,
      newId(),
    );
    record([
      {
        actorId: actor.memberId,
        action: 'create',
        subjectType: 'manifesto_version',
        subjectId: id,
        branchId: draft.branch.id,
        detail: { version: n },
      },
    ]);
    return n;
  });
  return { version: number, content };
}

export async function listVersions(ctx: ServiceContext, actor: Actor, id: string) {
  const m = await readable(ctx.db, actor, id);
  const rows = await repo.versionsOf(ctx.db, m.id);
  return { versions: rows.map((r) => ({ number: r.number, publishedAt: r.publishedAt.toISOString() })) };
}

async function version(db: Executor, id: string, number?: number) {
  const row = await repo.versionOf(db, id, number);
  if (!row) throw notFound(number === undefined ? 'Published manifesto' : `Version ${number}`);
  return {
    number: row.number,
    publishedAt: row.publishedAt.toISOString(),
    content: row.content as unknown as PublishedContent,
  };
}

/**
 * What changed from one version to another, section by section: clauses added, removed, or reworded (the
 * same clause with new text); sections that appeared or went.
 */
export async function diffVersions(ctx: ServiceContext, actor: Actor, id: string, from: number, to: number) {
  const m = await readable(ctx.db, actor, id);
  const [a, b] = [await version(ctx.db, m.id, from), await version(ctx.db, m.id, to)];
  const titles = [...new Set([...a.content.sections, ...b.content.sections].map((s) => s.title))];
  const sections = titles.flatMap((title) => {
    const before = a.content.sections.find((s) => s.title === title)?.clauses ?? [];
    const after = b.content.sections.find((s) => s.title === title)?.clauses ?? [];
    const added = after.filter((c) => !before.some((x) => x.id === c.id)).map((c) => c.text);
    const removed = before.filter((c) => !after.some((x) => x.id === c.id)).map((c) => c.text);
    const reworded = after.flatMap((c) => {
      const old = before.find((x) => x.id === c.id);
      return old && old.text !== c.text ? [{ from: old.text, to: c.text }] : [];
    });
    return added.length || removed.length || reworded.length ? [{ title, added, removed, reworded }] : [];
  });
  return { from, to, sections };
}

/** The latest published version, for anyone (no sign-in). */
export async function publicManifesto(ctx: ServiceContext, id: string) {
  return version(ctx.db, id);
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * Text as Markdown shows it, never as Markdown or HTML it would run: line breaks become spaces (no injected
 * headings or list items), every character Markdown gives a meaning to is backslash-escaped (no raw HTML,
 * links, images or emphasis), and a leading number cannot start an ordered list.
 */
export function markdownText(text: string): string {
  return text
    .replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ')
    .replace(/[\\`*_{}[\]()#+\-!|<>~&]/g, '\\$&')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** The latest published version as Markdown; everything members or committees wrote is escaped. */
export async function publicMarkdown(ctx: ServiceContext, id: string): Promise<string> {
  const v = await version(ctx.db, id);
  const md = markdownText;
  const lines = [
    `# ${md(v.content.title)}`,
    '',
    `${md(v.content.branch)} · version ${v.number} · ${v.publishedAt.slice(0, 10)}`,
    '',
    md(ratificationSentence(v.content.ratification, day)),
    '',
    md(GROUPS_EXPLAINED),
    '',
  ];
  for (const s of v.content.sections) {
    lines.push(`## ${md(s.title)}`, '');
    for (const c of s.clauses) {
      lines.push(`- ${md(c.text)}`);
      if (c.evidence)
        lines.push(
          `  - Support in “${md(c.evidence.conversation)}”: ${c.evidence.agree} agree, ${c.evidence.disagree} disagree, ${c.evidence.pass} pass; ${c.evidence.groups.map((g) => `${md(g.label)} ${pct(g.agreeShare)}`).join(', ')}`,
        );
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** The latest published version as a PDF (A4, the built-in Helvetica: nothing is fetched). */
export async function publicPdf(ctx: ServiceContext, id: string): Promise<Buffer> {
  const v = await version(ctx.db, id);
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: v.content.title } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.font('Helvetica-Bold').fontSize(22).text(v.content.title);
  doc
    .font('Helvetica')
    .fontSize(10)
    .fillColor('#555555')
    .text(`${v.content.branch} · version ${v.number} · ${v.publishedAt.slice(0, 10)}`)
    .moveDown(0.5)
    .fillColor('#000000')
    .fontSize(11)
    .text(ratificationSentence(v.content.ratification, day))
    .moveDown(0.3)
    .fillColor('#555555')
    .fontSize(9)
    .text(GROUPS_EXPLAINED)
    .moveDown();
  for (const s of v.content.sections) {
    doc.fillColor('#000000').font('Helvetica-Bold').fontSize(15).text(s.title).moveDown(0.3);
    for (const c of s.clauses) {
      doc.font('Helvetica').fontSize(11).fillColor('#000000').text(`• ${c.text}`, { indent: 8 });
      if (c.evidence)
        doc
          .fontSize(9)
          .fillColor('#555555')
          .text(
            `Support in “${c.evidence.conversation}”: ${c.evidence.agree} agree, ${c.evidence.disagree} disagree; ${c.evidence.groups.map((g) => `${g.label} ${pct(g.agreeShare)}`).join(', ')}`,
            { indent: 18 },
          );
      doc.moveDown(0.4);
    }
    doc.moveDown(0.6);
  }
  doc.end();
  return done;
}
