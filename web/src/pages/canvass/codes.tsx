/** The branch's intention codes. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api.ts';
import { ErrorNote, Loading, Success } from '../../components/ui.tsx';
import { keys } from '../../query-keys.ts';

export function CodesSection({ branchId }: { branchId: string }) {
  const qc = useQueryClient();
  const codes = useQuery({
    queryKey: keys.intentionCodes(branchId),
    queryFn: ({ signal }) => api.doorstep.codes[':id'].$get({ params: { id: branchId }, signal }),
  });
  const [text, setText] = useState<string | null>(null);
  const shown = text ?? codes.data?.codes.map((c) => `${c.code} ${c.label}`).join('\n') ?? '';
  const save = useMutation({
    mutationFn: () =>
      api.canvass.branches[':id'].codes.$put({
        params: { id: branchId },
        body: {
          codes: shown
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean)
            .map((l) => {
              const [code = '', ...label] = l.split(/\s+/);
              return { code, label: label.join(' ') || code };
            }),
        },
      }),
    onSuccess: () => {
      setText(null);
      void qc.invalidateQueries({ queryKey: keys.intentionCodes(branchId) });
    },
  });
  if (codes.isPending) return <Loading />;
  if (codes.error) return <ErrorNote error={codes.error} />;
  return (
    <form
      aria-labelledby="codes-title"
      className="card max-w-xl space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h2 id="codes-title" className="text-lg font-semibold">
        Voting-intention codes
      </h2>
      <p className="text-sm text-stone-600">
        One a line: the code, then its label. Branches below this one use these codes unless they set their
        own; walks downloaded from now on carry them, and records with any other code are refused.
      </p>
      <label htmlFor="codes" className="label">
        Codes
      </label>
      <textarea
        id="codes"
        className="input font-mono"
        rows={10}
        value={shown}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" className="btn" disabled={save.isPending}>
        Save the codes
      </button>
      <ErrorNote error={save.error} />
      {save.isSuccess && <Success>Saved.</Success>}
    </form>
  );
}
