/** Manifesto drafts: the drafts, their sections and clauses, amendments, and published versions. */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import {
  amendments,
  branches,
  clauses,
  conversations,
  manifestoSections,
  manifestoVersions,
  manifestos,
  statements,
} from '../db/schema/index.ts';

export interface ManifestoRow {
  id: string;
  branchId: string;
  branchName: string;
  branchPath: string;
  title: string;
  updatedAt: Date;
  amendmentConversationId: string | null;
}

/** A draft with its branch, or undefined. */
export async function manifestoById(db: Executor, id: string): Promise<ManifestoRow | undefined> {
  const [row] = await db
    .select({
      id: manifestos.id,
      branchId: manifestos.branchId,
      branchName: branches.name,
      branchPath: branches.path,
      title: manifestos.title,
      updatedAt: manifestos.updatedAt,
      amendmentConversationId: manifestos.amendmentConversationId,
    })
    .from(manifestos)
    .innerJoin(branches, eq(branches.id, manifestos.branchId))
    .where(eq(manifestos.id, id));
  return row;
}

/** Every draft with its branch and how many clauses it has, by branch then title. */
export const allManifestos = async (db: Executor) =>
  db
    .select({
      id: manifestos.id,
      title: manifestos.title,
      branchId: branches.id,
      branchName: branches.name,
      branchPath: branches.path,
      updatedAt: manifestos.updatedAt,
      clauses: sql<number>`(select count(*)::int from ${clauses} c join ${manifestoSections} s on s.id = c.section_id
                            where s.manifesto_id = ${manifestos.id})`,
    })
    .from(manifestos)
    .innerJoin(branches, eq(branches.id, manifestos.branchId))
    .orderBy(asc(branches.path), asc(manifestos.title));

export async function insertManifesto(
  tx: Executor,
  m: { id: string; branchId: string; title: string; createdBy: string },
  sectionTitles: { id: string; title: string }[],
): Promise<void> {
  await tx.insert(manifestos).values(m);
  if (sectionTitles.length > 0)
    await tx
      .insert(manifestoSections)
      .values(
        sectionTitles.map((s, position) => ({ id: s.id, manifestoId: m.id, position, title: s.title })),
      );
}

/** Marks a draft changed now. */
export async function touch(db: Executor, id: string): Promise<void> {
  await db.update(manifestos).set({ updatedAt: new Date() }).where(eq(manifestos.id, id));
}

export async function setAmendmentConversation(
  db: Executor,
  id: string,
  conversationId: string,
): Promise<void> {
  await db.update(manifestos).set({ amendmentConversationId: conversationId }).where(eq(manifestos.id, id));
}

/** A draft's sections in order. */
export const sectionsOf = async (db: Executor, manifestoId: string) =>
  db
    .select()
    .from(manifestoSections)
    .where(eq(manifestoSections.manifestoId, manifestoId))
    .orderBy(asc(manifestoSections.position));

/** A section of this draft, or undefined. */
export async function sectionOf(db: Executor, manifestoId: string, sectionId: string) {
  const [section] = await db
    .select()
    .from(manifestoSections)
    .where(and(eq(manifestoSections.id, sectionId), eq(manifestoSections.manifestoId, manifestoId)));
  return section;
}

export async function insertSection(
  db: Executor,
  s: { id: string; manifestoId: string; position: number; title: string },
): Promise<void> {
  await db.insert(manifestoSections).values(s);
}

/** The clauses of these sections in order, with the conversation's title and statement's number they came from. */
export const clausesOfSections = async (db: Executor, sectionIds: string[]) =>
  sectionIds.length === 0
    ? []
    : db
        .select({
          clause: clauses,
          conversationTitle: conversations.title,
          statementNumber: statements.number,
        })
        .from(clauses)
        .leftJoin(conversations, eq(conversations.id, clauses.conversationId))
        .leftJoin(statements, eq(statements.id, clauses.statementId))
        .where(inArray(clauses.sectionId, sectionIds))
        .orderBy(asc(clauses.position));

/** A clause of this draft with its section, or undefined. */
export async function clauseOf(db: Executor, manifestoId: string, clauseId: string) {
  const [clause] = await db
    .select({ id: clauses.id, text: clauses.text, sectionId: clauses.sectionId })
    .from(clauses)
    .innerJoin(manifestoSections, eq(manifestoSections.id, clauses.sectionId))
    .where(and(eq(clauses.id, clauseId), eq(manifestoSections.manifestoId, manifestoId)));
  return clause;
}

/** Which of these clause ids are clauses of this draft. */
export async function clausesAmong(db: Executor, manifestoId: string, ids: string[]): Promise<string[]> {
  const rows = await db
    .select({ id: clauses.id })
    .from(clauses)
    .innerJoin(manifestoSections, eq(manifestoSections.id, clauses.sectionId))
    .where(and(eq(manifestoSections.manifestoId, manifestoId), inArray(clauses.id, ids)));
  return rows.map((r) => r.id);
}

/**
 * Adds a clause at the end of its section. False when it is a statement already a clause of the section
 * (the unique index says so, so two drafters adding it at once cannot both succeed).
 */
export async function appendClause(
  db: Executor,
  c: {
    id: string;
    sectionId: string;
    text: string;
    source: 'statement' | 'written';
    conversationId?: string | null;
    statementId?: string | null;
    createdBy: string;
  },
): Promise<boolean> {
  const inserted = await db
    .insert(clauses)
    .values({
      ...c,
      position: sql`(select coalesce(max(position) + 1, 0) from ${clauses} where section_id = ${c.sectionId})`,
    })
    .onConflictDoNothing()
    .returning({ id: clauses.id });
  return inserted.length > 0;
}

/** Deletes a clause of this draft; false if it is not one. */
export async function deleteClause(db: Executor, manifestoId: string, clauseId: string): Promise<boolean> {
  const removed = await db
    .delete(clauses)
    .where(
      and(
        eq(clauses.id, clauseId),
        inArray(
          clauses.sectionId,
          db
            .select({ id: manifestoSections.id })
            .from(manifestoSections)
            .where(eq(manifestoSections.manifestoId, manifestoId)),
        ),
      ),
    )
    .returning({ id: clauses.id });
  return removed.length > 0;
}

/** A clause takes the committee's wording: it no longer stands for the statement it came from. */
export async function rewordClause(db: Executor, clauseId: string, text: string): Promise<void> {
  await db
    .update(clauses)
    .set({ text, source: 'written', statementId: null, conversationId: null })
    .where(eq(clauses.id, clauseId));
}

export async function insertAmendment(db: Executor, a: typeof amendments.$inferInsert): Promise<void> {
  await db.insert(amendments).values(a);
}

export const amendmentsOf = async (db: Executor, manifestoId: string) =>
  db.select().from(amendments).where(eq(amendments.manifestoId, manifestoId));

/** An amendment of this draft, locked until the transaction ends, or undefined. */
export async function amendmentForUpdate(tx: Executor, manifestoId: string, amendmentId: string) {
  const [a] = await tx
    .select()
    .from(amendments)
    .where(and(eq(amendments.id, amendmentId), eq(amendments.manifestoId, manifestoId)))
    .for('update');
  return a;
}

export async function recordAmendmentDecision(
  tx: Executor,
  amendmentId: string,
  d: { status: 'accepted' | 'declined'; reason: string; decidedBy: string },
): Promise<void> {
  await tx
    .update(amendments)
    .set({ ...d, decidedAt: new Date() })
    .where(eq(amendments.id, amendmentId));
}

/** Stores the next version of a draft (numbered from 1) and returns its number. */
export async function insertNextVersion(
  tx: Executor,
  manifestoId: string,
  content: Record<string, unknown>,
  publishedBy: string,
  id: string,
): Promise<number> {
  const [last] = await tx
    .select({ number: manifestoVersions.number })
    .from(manifestoVersions)
    .where(eq(manifestoVersions.manifestoId, manifestoId))
    .orderBy(desc(manifestoVersions.number))
    .limit(1);
  const number = (last?.number ?? 0) + 1;
  await tx.insert(manifestoVersions).values({ id, manifestoId, number, content, publishedBy });
  return number;
}

export const versionsOf = async (db: Executor, manifestoId: string) =>
  db
    .select({ number: manifestoVersions.number, publishedAt: manifestoVersions.publishedAt })
    .from(manifestoVersions)
    .where(eq(manifestoVersions.manifestoId, manifestoId))
    .orderBy(desc(manifestoVersions.number));

/** A version of a draft by number, or its latest; undefined if there is none. */
export async function versionOf(db: Executor, manifestoId: string, number?: number) {
  const [row] = await db
    .select()
    .from(manifestoVersions)
    .where(
      number === undefined
        ? eq(manifestoVersions.manifestoId, manifestoId)
        : and(eq(manifestoVersions.manifestoId, manifestoId), eq(manifestoVersions.number, number)),
    )
    .orderBy(desc(manifestoVersions.number))
    .limit(1);
  return row;
}
