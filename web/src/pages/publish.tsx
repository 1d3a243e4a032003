import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../api.ts';

/** A published manifesto as a file anyone may open. */
const publicFile = (id: string, file: 'manifesto.md' | 'manifesto.pdf') =>
  file === 'manifesto.md'
    ? api.public.manifestos[':id']['manifesto.md'].$url({ params: { id } })
    : api.public.manifestos[':id']['manifesto.pdf'].$url({ params: { id } });
import { Empty, ErrorNote, Loading } from '../components/ui.tsx';
import type { publishedContent, Ratification } from '../../../src/contract/manifesto.ts';
import type { z } from 'zod';
import { dateOnly, dateTime } from '../format.ts';

type Content = z.infer<typeof publishedContent>;

/** How the members ratified it, in the reader's language (the PDF says the same: ratificationSentence). */
function ratified(t: Translate, r: Ratification | null | undefined): string {
  if (!r) return t('pub.notBalloted');
  const values = {
    date: dateOnly(r.countedAt),
    voted: r.voted,
    eligible: r.eligible,
    percent: Math.round(r.turnout * 100),
  };
  if (!r.quorate) return t('pub.notQuorate', values);
  if (r.mode === 'document') return t(r.carried ? 'pub.ratified' : 'pub.notRatified', values);
  return t('pub.byClause', { ...values, carried: r.clausesCarried ?? 0, put: r.clausesPut ?? 0 });
}

/** A published manifesto as readers see it: its title, how the members ratified it, and its clauses. */
function ManifestoDocument({ content, meta }: { content: Content; meta: ReactNode }) {
  usePageTitle(content.title);
  const t = useT();
  return (
    <>
      <h1 className="text-3xl font-bold text-orange-900">{content.title}</h1>
      <p className="mb-2 text-stone-600">{meta}</p>
      <p className="mb-2 font-medium" data-testid="ratification">
        {ratified(t, content.ratification)}
      </p>
      <p className="mb-6 text-sm text-stone-600">{t('pub.groups')}</p>
      {content.sections.map((s) => (
        <section key={s.title} className="mb-6 break-inside-avoid">
          <h2 className="mb-2 text-xl font-bold">{s.title}</h2>
          <ul className="grid gap-2">
            {s.clauses.map((c) => (
              <li key={c.id}>
                <p className="font-medium">{c.text}</p>
                {c.evidence && (
                  <p className="text-sm text-stone-600">
                    {t('pub.support', {
                      conversation: c.evidence.conversation,
                      agree: c.evidence.agree,
                      disagree: c.evidence.disagree,
                      groups: c.evidence.groups
                        .map((g) =>
                          t('pub.groupShare', { label: g.label, percent: Math.round(g.agreeShare * 100) }),
                        )
                        .join(', '),
                    })}
                  </p>
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

/** Publishing, in two steps: the committee sees the document as it will be published and names it. */
function PublishStep({ draftId, onDone }: { draftId: string; onDone: () => void }) {
  const qc = useQueryClient();
  const preview = useQuery({
    queryKey: keys.publicationPreview(draftId),
    queryFn: ({ signal }) =>
      api.manifestos[':id']['publication-preview'].$get({ params: { id: draftId }, signal }),
  });
  const [title, setTitle] = useState<string | null>(null);
  const publish = useMutation({
    mutationFn: (t: string) =>
      api.manifestos[':id'].versions.$post({ params: { id: draftId }, body: { title: t } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.versions(draftId) });
      onDone();
    },
  });
  if (preview.isPending) return <Loading label="Preparing the preview…" />;
  if (preview.error) return <ErrorNote error={preview.error} />;
  const shown = title ?? preview.data.title;
  return (
    <div className="card mt-3">
      <h3 className="mb-2 text-lg font-semibold">Preview before publishing</h3>
      <form
        className="mb-4 grid gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          publish.mutate(shown);
        }}
      >
        <label htmlFor="pub-title" className="label">
          Published title
        </label>
        <input
          id="pub-title"
          className="input"
          required
          maxLength={160}
          value={shown}
          onChange={(e) => setTitle(e.target.value)}
        />
        <div className="flex flex-wrap gap-2">
          <button type="submit" className="btn" disabled={publish.isPending}>
            {publish.isPending ? 'Publishing…' : 'Publish'}
          </button>
          <button type="button" className="btn-secondary" onClick={onDone}>
            Cancel
          </button>
        </div>
        <ErrorNote error={publish.error} fields={['body.title']} />
      </form>
      <div
        className="rounded-lg border border-dashed border-stone-300 p-4"
        aria-label="Preview"
        role="region"
      >
        <ManifestoDocument
          content={{ ...preview.data, title: shown }}
          meta={`${preview.data.branch} · as it will be published`}
        />
      </div>
    </div>
  );
}
import { keys } from '../query-keys.ts';
import { usePageTitle } from '../page-title.ts';
import { useT, type Translate } from '../i18n/index.ts';
import { LanguageChoice } from '../components/language.tsx';

/** The draft's published versions: publish the next one, compare two, open the public page. */
export function Versions({ draftId, canDraft }: { draftId: string; canDraft: boolean }) {
  const list = useQuery({
    queryKey: keys.versions(draftId),
    queryFn: ({ signal }) => api.manifestos[':id'].versions.$get({ params: { id: draftId }, signal }),
  });
  const [publishing, setPublishing] = useState(false);
  const [compare, setCompare] = useState<{ from: number; to: number } | null>(null);
  const diff = useQuery({
    queryKey: keys.diff(draftId, compare?.from, compare?.to),
    queryFn: ({ signal }) =>
      api.manifestos[':id'].diff.$get({
        params: { id: draftId },
        query: { from: compare?.from ?? 0, to: compare?.to ?? 0 },
        signal,
      }),
    enabled: compare !== null,
  });
  const versions = list.data?.versions ?? [];
  const t = useT();
  return (
    <section aria-labelledby="published" className="mb-8 print:hidden">
      <h2 id="published" className="mb-2 text-xl font-bold">
        {t('ver.title')}
      </h2>
      {list.isPending ? (
        <Loading />
      ) : list.error ? (
        <ErrorNote error={list.error} />
      ) : versions.length === 0 ? (
        <Empty>{t('ver.none')}</Empty>
      ) : (
        <>
          <p className="mb-2 text-sm">
            <Link className="link" to={`/m/${draftId}`}>
              {t('ver.publicPage')}
            </Link>{' '}
            ·{' '}
            <a className="link" href={publicFile(draftId, 'manifesto.md')}>
              Markdown
            </a>{' '}
            ·{' '}
            <a className="link" href={publicFile(draftId, 'manifesto.pdf')}>
              PDF
            </a>
          </p>
          <ul className="grid gap-1 text-sm">
            {versions.map((v) => (
              <li key={v.number}>
                {t('ver.item', { number: v.number, time: dateTime(v.publishedAt) })}
                {v.number > 1 && (
                  <>
                    {' '}
                    <button
                      type="button"
                      className="link"
                      onClick={() => setCompare({ from: v.number - 1, to: v.number })}
                    >
                      {t('ver.whatChanged', { previous: v.number - 1 })}
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
          <p className="font-semibold">{t('ver.fromTo', { from: diff.data.from, to: diff.data.to })}</p>
          {diff.data.sections.length === 0 && <p>{t('ver.noChange')}</p>}
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
      {canDraft &&
        (publishing ? (
          <PublishStep draftId={draftId} onDone={() => setPublishing(false)} />
        ) : (
          <div className="mt-3">
            <button type="button" className="btn-secondary" onClick={() => setPublishing(true)}>
              Publish this draft as the next version
            </button>
          </div>
        ))}
    </section>
  );
}

/** The public page of a manifesto's latest version: no sign-in, printable. */
export function PublicManifestoPage() {
  const { id = '' } = useParams();
  const page = useQuery({
    queryKey: keys.publicManifesto(id),
    queryFn: ({ signal }) => api.public.manifestos[':id'].$get({ params: { id }, signal }),
  });
  const t = useT();
  if (page.isPending) return <Loading />;
  if (page.error) return <ErrorNote error={page.error} />;
  const { content, number, publishedAt } = page.data;
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-8">
      <div className="text-right print:hidden">
        <LanguageChoice />
      </div>
      <ManifestoDocument
        content={content}
        meta={
          <>
            {t('pub.meta', { branch: content.branch, number, date: dateOnly(publishedAt) })} ·{' '}
            <a className="link print:hidden" href={publicFile(id, 'manifesto.md')}>
              {t('pub.markdown')}
            </a>{' '}
            <a className="link print:hidden" href={publicFile(id, 'manifesto.pdf')}>
              {t('pub.pdf')}
            </a>{' '}
            <button type="button" className="link print:hidden" onClick={() => window.print()}>
              {t('pub.print')}
            </button>
          </>
        }
      />
    </main>
  );
}
