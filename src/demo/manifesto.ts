/**
 * The demo draft manifesto: the party's, built from the demo conversation's bridging statements (what every
 * group supports), each in its section, with its live evidence.
 */
import type { Executor } from '../db/client.ts';
import { newId } from '../lib/ids.ts';
import { DEFAULT_SECTIONS } from '../manifesto/index.ts';
import { insertClauses, insertManifesto, statementIdsByText } from './demo.repo.ts';

/** Section → the demo conversation's statements that become its clauses. */
const DEMO_CLAUSES: Record<string, string[]> = {
  Health: [
    'NHS waiting lists are the most urgent problem the country faces.',
    'Social care should be free at the point of use, like the NHS.',
  ],
  'Fair pay and wealth': ['Nobody who works full time should need a food bank.'],
  Education: ['Every child should have a good school within walking distance.'],
  'Utilities and transport': ['Bus services that were cut should be restored, starting with rural routes.'],
  Housing: ['Councils need the power to bring empty homes back into use.'],
};

export async function seedDemoManifesto(
  db: Executor,
  branchId: string,
  conversationId: string,
  createdBy: string | null,
): Promise<{ sections: number; clauses: number }> {
  const id = newId();
  const titles = [...DEFAULT_SECTIONS, 'Housing'];
  const sectionIds = new Map(titles.map((t) => [t, newId()]));
  await insertManifesto(
    db,
    { id, branchId, title: 'Our manifesto (draft)', createdBy },
    titles.map((title, position) => ({
      id: sectionIds.get(title) ?? '',
      manifestoId: id,
      position,
      title,
    })),
  );
  const byText = await statementIdsByText(db, conversationId);
  const rows = Object.entries(DEMO_CLAUSES).flatMap(([section, texts]) =>
    texts.flatMap((text, position) => {
      const statementId = byText.get(text);
      const sectionId = sectionIds.get(section);
      return statementId && sectionId
        ? [
            {
              id: newId(),
              sectionId,
              position,
              text,
              source: 'statement' as const,
              conversationId,
              statementId,
              createdBy,
            },
          ]
        : [];
    }),
  );
  await insertClauses(db, rows);
  return { sections: titles.length, clauses: rows.length };
}
