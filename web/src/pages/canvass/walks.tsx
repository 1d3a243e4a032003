/** Walks: cut from a segment, assigned (for a time), printed. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api.ts';
import { MemberPicker, useBranchMembers } from './member-picker.tsx';
import { Empty, ErrorNote, Loading } from '../../components/ui.tsx';
import { pct } from './shared.ts';
import { keys } from '../../query-keys.ts';
import { dateTime } from '../../format.ts';

export function WalksSection({ branchId }: { branchId: string }) {
  const qc = useQueryClient();
  const walks = useQuery({
    queryKey: keys.walks(branchId),
    queryFn: ({ signal }) => api.canvass.branches[':id'].walks.$get({ params: { id: branchId }, signal }),
  });
  const members = useBranchMembers(branchId);
  const [who, setWho] = useState<Record<string, string>>({});
  const [hours, setHours] = useState(4);
  const assign = useMutation({
    mutationFn: (walkId: string) =>
      api.canvass.walks[':id'].assignments.$post({
        params: { id: walkId },
        body: { memberId: who[walkId] ?? '', hours },
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.walks(branchId) }),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.canvass.assignments[':id'].$delete({ params: { id } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.walks(branchId) }),
  });
  if (walks.isPending) return <Loading />;
  if (walks.error) return <ErrorNote error={walks.error} />;
  if (walks.data.walks.length === 0)
    return <Empty>No walks yet: save a segment under Targeting and cut it into walks.</Empty>;
  return (
    <section aria-label="Walks">
      <label htmlFor="assign-hours" className="label">
        Assignments last (hours)
      </label>
      <input
        id="assign-hours"
        type="number"
        min={1}
        max={336}
        className="input mb-3 w-32"
        value={hours}
        onChange={(e) => setHours(Number(e.target.value))}
      />
      <ErrorNote error={assign.error ?? revoke.error} />
      <ul className="space-y-2">
        {walks.data.walks.map((w) => (
          <li key={w.id} className="card" aria-label={w.name}>
            <div className="flex flex-wrap items-baseline gap-2">
              <h3 className="font-semibold">{w.name}</h3>
              <span className="text-sm text-stone-600">
                {w.doors} doors · {w.electors} electors · {w.visited} doors done
              </span>
              <a
                className="link ml-auto text-sm"
                href={api.canvass.walks[':id']['sheet.pdf'].$url({ params: { id: w.id } })}
              >
                Walk sheet (PDF)
              </a>
            </div>
            <div
              className="my-2 h-2 rounded bg-stone-200"
              role="progressbar"
              aria-label={`Progress of ${w.name}`}
              aria-valuemin={0}
              aria-valuemax={w.doors}
              aria-valuenow={w.visited}
            >
              <div
                className="h-2 rounded bg-orange-700"
                style={{ width: pct(w.doors ? w.visited / w.doors : 0) }}
              />
            </div>
            <ul className="text-sm">
              {w.assignments
                .filter((a) => a.live)
                .map((a) => (
                  <li key={a.id} className="flex items-center gap-2">
                    {a.name}, until {dateTime(a.expiresAt)}
                    <button type="button" className="underline" onClick={() => revoke.mutate(a.id)}>
                      End assignment
                    </button>
                  </li>
                ))}
            </ul>
            <div className="mt-2 flex flex-wrap gap-2">
              <MemberPicker
                id={`who-${w.id}`}
                label={`Assign ${w.name} to`}
                placeholder="Assign to…"
                members={members.data?.items}
                value={who[w.id] ?? ''}
                onChange={(m) => setWho({ ...who, [w.id]: m })}
              />
              <button
                type="button"
                className="btn-secondary"
                disabled={!who[w.id] || assign.isPending}
                onClick={() => assign.mutate(w.id)}
              >
                Assign
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
