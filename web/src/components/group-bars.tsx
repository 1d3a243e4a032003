import type { StatementEvidence } from '../../../src/contract/deliberation.ts';
import { colourOf, groupName } from '../deliberation.ts';
import { useT } from '../i18n/index.ts';

/** Each group's agreement with a statement, as labelled bars. */
export function GroupBars({ s }: { s: { byGroup: StatementEvidence['byGroup'] } }) {
  const t = useT();
  return (
    <ul className="mt-2 grid gap-1" aria-label={t('map.byGroup')}>
      {s.byGroup.map((g) => (
        <li key={g.group} className="grid grid-cols-[6rem_1fr_3rem] items-center gap-2 text-sm">
          <span>{groupName(t, g.group)}</span>
          <span className="relative h-3 overflow-hidden rounded bg-stone-200" aria-hidden>
            <span
              className="absolute inset-y-0 left-0"
              style={{ width: `${Math.round(g.agreeShare * 100)}%`, background: colourOf(g.group) }}
            />
          </span>
          <span>{t('common.percent', { value: Math.round(g.agreeShare * 100) })}</span>
        </li>
      ))}
    </ul>
  );
}
