/**
 * The report's opening summary, written from its numbers: a few sentences, each citing the statement it is
 * about and the percentages it rests on (the same rounded figures the report shows). Each sentence is a
 * whole message of the catalogue; this only chooses which to say and with what values.
 */
import type { Report } from './deliberation.ts';
import type { MessageKey } from './i18n/index.ts';

export interface SummarySentence {
  key: MessageKey;
  /** The message's values (a group by its name in the reader's language). */
  values: Record<string, string | number>;
  /** The statements the sentence is about (their ids). */
  cites: string[];
}

/** Common-ground statements the summary names at most. */
const COMMON_NAMED = 2;

const percent = (share: number): number => Math.round(share * 100);

function range(shares: number[]): { min: number; max: number } {
  const ps = shares.map(percent);
  return { min: Math.min(...ps), max: Math.max(...ps) };
}

/** What the summary reads of a report. */
export type Summarised = Pick<Report, 'groups' | 'commonGround' | 'divisive'>;

export function summarise(r: Summarised, groupName: (id: number) => string): SummarySentence[] {
  const out: SummarySentence[] = [];
  const groups = r.groups.filter((g) => g.id >= 0);
  if (groups.length < 2) return out;
  for (const c of r.commonGround.slice(0, COMMON_NAMED)) {
    if (c.byGroup.length === 0) continue;
    out.push({
      key: 'summary.common',
      values: { text: c.text, ...range(c.byGroup.map((g) => g.agreeShare)) },
      cites: [c.id],
    });
  }
  for (const g of groups) {
    const rep = g.representative[0];
    if (!rep) continue;
    out.push({
      key: 'summary.apart',
      values: {
        group: groupName(g.id),
        direction: rep.direction,
        percent: percent(rep.agreement),
        text: rep.text,
      },
      cites: [rep.statementId],
    });
  }
  const d = r.divisive[0];
  if (d && d.byGroup.length > 1)
    out.push({
      key: 'summary.divided',
      values: { text: d.text, ...range(d.byGroup.map((g) => g.agreeShare)) },
      cites: [d.id],
    });
  return out;
}
