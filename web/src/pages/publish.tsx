import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../api.ts';
import { Empty, ErrorNote, Loading } from '../components/ui.tsx';
import type { PublicManifesto, VersionDiff, VersionList } from '../manifesto.ts';
import { keys } from '../query-keys.ts';

/** The draft's published versions: publish the next one, compare two, open the public page. */
export function Versions({ draftId, canDraft }: { draftId: string; canDraft: boolean }) {
  const qc = useQueryClient();
  const list = useQuery({
    queryKey: keys.versions(draftId),
    queryFn: ({ signal }) => api<VersionList>(`/api/manifestos/${draftId}/versions`, { signal }),
  });
  const publish = useMutation({
    mutationFn: () => api<{ version: number }>(`/api/manifestos/${draftId}/versions`, { method: 'POST' }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.versions(draftId) }),
  });
  const [compare, setCompare] = useState<{ from: number; to: number } | null>(null);
  const diff = useQuery({
    queryKey: keys.diff(draftId, compare?.from, compare?.to),
    queryFn: ({ signal }) =>
      api<VersionDiff>(`/api/manifestos/${draftId}/diff?from=${compare?.from}&to=${compare?.to}`, { signal }),
    enabled: compare !== null,
  });
  const versions = list.data?.versions ?? [];
  return (
    <section aria-labelledby="published" className="mb-8 print:hidden">
      <h2 id="published" className="mb-2 text-xl font-bold">
        Published versions
      </h2>
      {list.isPending ? (
        <Loading />
      ) : list.error ? (
        <ErrorNote error={list.error} />
      ) : versions.length === 0 ? (
        <Empty>Not published yet.</Empty>
      ) : (
        <>
          <p className="mb-2 text-sm">
            <Link className="link" to={`/m/${draftId}`}>
              The public page
            </Link>{' '}
            ·{' '}
            <a className="link" href={`/api/public/manifestos/${draftId}/manifesto.md`}>
              Markdown
            </a>{' '}
            ·{' '}
            <a className="link" href={`/api/public/manifestos/${draftId}/manifesto.pdf`}>
              PDF
            </a>
          </p>
          <ul className="grid gap-1 text-sm">
            {versions.map((v) => (
              <li key={v.number}>
                Version {v.number}, {new Date(v.publishedAt).toLocaleString()}
                {v.number > 1 && (
                  <>
                    {' '}
                    <button
                      type="button"
                      className="link"
                      onClick={() => setCompare({ from: v.number - 1, to: v.number })}
                    >
                      What changed from version {v.number - 1}
                    </button>
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {compare && diff.data && (
        <div className="card mt-3 text-sm" aria-live="polite">
          <p className="font-semibold">
            From version {diff.data.from} to {diff.data.to}
          </p>
          {diff.data.sections.length === 0 && <p>No clause changed.</p>}
          {diff.data.sections.map((s) => (
            <div key={s.title} className="mt-2">
              <p className="font-medium">{s.title}</p>
              <ul className="list-none">
                {s.added.map((x) => (
                  <li key={`+${x}`} className="text-green-800">
                    <ins>+ {x}</ins>
                  </li>
                ))}
                {s.removed.map((x) => (
                  <li key={`-${x}`} className="text-red-800">
                    <del>− {x}</del>
                  </li>
                ))}
                {s.reworded.map((x) => (
                  <li key={`~${x.to}`}>
                    <del className="text-red-800">{x.from}</del> →{' '}
                    <ins className="text-green-800">{x.to}</ins>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      )}
      {canDraft && (
        <div className="mt-3">
          <button
            type="button"
            className="btn-secondary"
            disabled={publish.isPending}
            onClick={() => publish.mutate()}
          >
            Publish this draft as the next version
          </button>
          <ErrorNote error={publish.error} />
        </div>
      )}
    </section>
  );
}

/** The public page of a manifesto's latest version: no sign-in, printable. */
export function PublicManifestoPage() {
  const { id = '' } = useParams();
  const page = useQuery({
    queryKey: keys.publicManifesto(id),
    queryFn: ({ signal }) => api<PublicManifesto>(`/api/public/manifestos/${id}`, { signal }),
  });
  if (page.isPending) return <Loading />;
  if (page.error) return <ErrorNote error={page.error} />;
  const { content, number, publishedAt } = page.data;
  return (
    <main className="mx-auto max-w-3xl px-4 py-8">
      <h1 className="text-3xl font-bold text-orange-900">{content.title}</h1>
      <p className="mb-6 text-stone-600">
        {content.branch} · version {number} · {new Date(publishedAt).toLocaleDateString()} ·{' '}
        <a className="link print:hidden" href={`/api/public/manifestos/${id}/manifesto.md`}>
          Markdown
        </a>{' '}
        <a className="link print:hidden" href={`/api/public/manifestos/${id}/manifesto.pdf`}>
          PDF
        </a>{' '}
        <button type="button" className="link print:hidden" onClick={() => window.print()}>
          Print
        </button>
      </p>
      {content.sections.map((s) => (
        <section key={s.title} className="mb-6 break-inside-avoid">
          <h2 className="mb-2 text-xl font-bold">{s.title}</h2>
          <ul className="grid gap-2">
            {s.clauses.map((c) => (
              <li key={c.id}>
                <p className="font-medium">{c.text}</p>
                {c.evidence && (
                  <p className="text-sm text-stone-600">
                    Support in “{c.evidence.conversation}”: {c.evidence.agree} agree, {c.evidence.disagree}{' '}
                    disagree;{' '}
                    {c.evidence.groups.map((g) => `${g.label} ${Math.round(g.agreeShare * 100)}%`).join(', ')}
                  </p>
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </main>
  );
}
