/**
 * How sure the analysis is of its groups, as the map and the report show it: a group's size as a range
 * (some people sit between groups), and a note when the groups are not yet reliable, saying why.
 */
import type { OpinionMap } from '../deliberation.ts';
import { groupName } from '../deliberation.ts';
import { useT } from '../i18n/index.ts';

type Group = Pick<OpinionMap['groups'][number], 'id' | 'size' | 'sizeInterval'>;

/** A group's size as a range, when the analysis gives one wider than a single number. */
export function rangeOf(g: Group): { low: number; high: number } | null {
  const r = g.sizeInterval;
  return r && r[0] !== r[1] ? { low: r[0], high: r[1] } : null;
}

/** "Group A · 86–100 people" (the range explained on hover), or "Group A · 93 people". */
export function GroupHeading({ group }: { group: Group }) {
  const t = useT();
  const range = rangeOf(group);
  const label = groupName(t, group.id);
  return range ? (
    <span title={t('map.sizeHelp')}>{t('map.groupHeadingRange', { label, ...range })}</span>
  ) : (
    <>{t('map.groupHeading', { label, size: group.size })}</>
  );
}

/** The note that the groups are not yet reliable, with each reason; nothing when they are (or unknown). */
export function NotReliable({ reliability }: { reliability: OpinionMap['reliability'] }) {
  const t = useT();
  if (!reliability || reliability.reliable) return null;
  return (
    <div
      role="note"
      className="mb-3 rounded-xl border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
      data-testid="not-reliable"
    >
      <p className="font-semibold">{t('map.notReliable')}</p>
      <ul className="mt-1 list-disc pl-5">
        {reliability.reasons.map((r) => (
          <li key={r} data-reason={r}>
            {t(`map.reason.${r}`, {
              percent: Math.round(
                (r === 'unstable-k' ? reliability.kStability : reliability.meanCertainty) * 100,
              ),
            })}
          </li>
        ))}
      </ul>
      <p className="mt-1">{t('map.notReliableHelp')}</p>
    </div>
  );
}
