import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../api.ts';
import { CreateForm } from '../components/create-form.tsx';
import { GroupBars } from '../components/group-bars.tsx';
import { Amendments } from './amendments.tsx';
import { Ballots } from './ballot.tsx';
import { Versions } from './publish.tsx';
import { Empty, ErrorNote, Loading, PageTitle } from '../components/ui.tsx';
import type { Clause } from '../manifesto.ts';
import { canAnywhere, useMe } from '../session.ts';
import { keys } from '../query-keys.ts';
import { dateOnly } from '../format.ts';
import { useT } from '../i18n/index.ts';

function StartDraft() {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [branchId, setBranchId] = useState('');
  const [title, setTitle] = useState('');
  const create = useMutation({
    mutationFn: () => api.manifestos.$post({ body: { branchId, title } }),
    onSuccess: (d) => {
      void qc.invalidateQueries({ queryKey: keys.manifestos() });
      void navigate(`/manifestos/${d.id}`);
    },
  });
  return (
    <CreateForm
      title="Start a draft manifesto"
      permission="manifesto.draft"
      branchId={branchId}
      onBranch={setBranchId}
      branchPlaceholder="Choose the branch whose manifesto this is"
      onSubmit={() => create.mutate()}
      pending={create.isPending}
      error={create.error}
      submit="Start the draft"
      submitting="Starting…"
    >
      <div>
        <label htmlFor="m-title" className="label">
          Title
        </label>
        <input
          id="m-title"
          className="input"
          required
          maxLength={120}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
      </div>
      <p className="text-sm text-stone-600">
        It starts with sections for health, social security, fair pay and wealth, education, and utilities and
        transport; add more as you go.
      </p>
    </CreateForm>
  );
}

export function ManifestosPage() {
  const { data: me } = useMe();
  const list = useQuery({
    queryKey: keys.manifestos(),
    queryFn: ({ signal }) => api.manifestos.$get({ signal }),
  });
  const t = useT();
  return (
    <>
      <PageTitle lead={t('man.lead')}>{t('man.title')}</PageTitle>
      {canAnywhere(me, 'manifesto.draft') && <StartDraft />}
      {list.isPending ? (
        <Loading />
      ) : list.error ? (
        <ErrorNote error={list.error} />
      ) : list.data.manifestos.length === 0 ? (
        <Empty>{t('man.none')}</Empty>
      ) : (
        <ul className="grid gap-3">
          {list.data.manifestos.map((m) => (
            <li key={m.id} className="card">
              <Link className="link font-semibold" to={`/manifestos/${m.id}`}>
                {m.title}
              </Link>
              <p className="text-sm text-stone-600">
                {t('man.item', { branch: m.branch.name, clauses: m.clauses, date: dateOnly(m.updatedAt) })}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** A clause and its evidence: agreement in every group, the votes, the conversation it came from. */
function ClauseCard({ clause, onRemove }: { clause: Clause; onRemove?: () => void }) {
  const ev = clause.evidence;
  const t = useT();
  const link = (c: ReactNode[]) =>
    ev && (
      <Link className="link" to={`/conversations/${ev.conversation.id}/report`}>
        {c}
      </Link>
    );
  return (
    <li className="card break-inside-avoid">
      <p className="font-medium">{clause.text}</p>
      {ev ? (
        <div className="mt-1 text-sm text-stone-700">
          <p>
            {ev.support
              ? t.rich('man.from', {
                  link,
                  conversation: ev.conversation.title,
                  agree: ev.support.agree,
                  disagree: ev.support.disagree,
                  pass: ev.support.pass,
                })
              : t.rich('man.fromUnanalysed', { link, conversation: ev.conversation.title })}
          </p>
          {ev.support && <GroupBars s={ev.support} />}
        </div>
      ) : (
        <p className="mt-1 text-sm text-stone-600">{t('man.byCommittee')}</p>
      )}
      {onRemove && (
        <button type="button" className="link mt-2 text-sm print:hidden" onClick={onRemove}>
          Remove this clause
        </button>
      )}
    </li>
  );
}

function WriteClause({
  draftId,
  sectionId,
  sectionTitle,
}: {
  draftId: string;
  sectionId: string;
  sectionTitle: string;
}) {
  const qc = useQueryClient();
  const [text, setText] = useState('');
  const add = useMutation({
    mutationFn: () =>
      api.manifestos[':id'].clauses.$post({ params: { id: draftId }, body: { sectionId, text } }),
    onSuccess: (d) => {
      qc.setQueryData(keys.manifesto(draftId), d);
      setText('');
    },
  });
  const id = `w-${sectionId}`;
  return (
    <form
      className="mt-2 grid gap-2 print:hidden"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate();
      }}
    >
      <label htmlFor={id} className="label">
        Write a clause for {sectionTitle}
      </label>
      <textarea
        id={id}
        className="input"
        maxLength={1000}
        required
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <ErrorNote error={add.error} />
      <button type="submit" className="btn-secondary w-fit" disabled={add.isPending}>
        Add the clause
      </button>
    </form>
  );
}

export function ManifestoPage() {
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const draft = useQuery({
    queryKey: keys.manifesto(id),
    queryFn: ({ signal }) => api.manifestos[':id'].$get({ params: { id }, signal }),
    refetchInterval: 15_000,
  });
  const [section, setSection] = useState('');
  const t = useT();
  const remove = useMutation({
    mutationFn: (clauseId: string) =>
      api.manifestos[':id'].clauses[':clauseId'].$delete({ params: { id, clauseId } }),
    onSuccess: (d) => qc.setQueryData(keys.manifesto(id), d),
  });
  const addSection = useMutation({
    mutationFn: () => api.manifestos[':id'].sections.$post({ params: { id }, body: { title: section } }),
    onSuccess: (d) => {
      qc.setQueryData(keys.manifesto(id), d);
      setSection('');
    },
  });
  if (draft.isPending) return <Loading />;
  if (draft.error) return <ErrorNote error={draft.error} />;
  const d = draft.data;
  return (
    <article>
      <PageTitle lead={t('man.draftOf', { branch: d.branch.name })}>{d.title}</PageTitle>
      <p className="-mt-2 mb-4 flex flex-wrap gap-3 text-sm text-stone-600 print:hidden">
        <Link className="link" to="/manifestos">
          {t('man.allDrafts')}
        </Link>
        <Link className="link" to={`/manifestos/${d.id}/priorities`}>
          {t('man.compare')}
        </Link>
        <button type="button" className="link" onClick={() => window.print()}>
          {t('man.print')}
        </button>
        {/* The ballots (and the form opening one) follow every clause: one tap from the top. */}
        <a className="link" href="#ratification">
          {t('man.toBallots')}
        </a>
      </p>
      {d.canDraft && (
        <p className="card mb-4 text-sm print:hidden">
          To add common ground, open a conversation's report and choose “Add to the manifesto” on a statement.
        </p>
      )}
      <ErrorNote error={remove.error} />
      {d.sections.map((s) => (
        <section key={s.id} aria-labelledby={`s-${s.id}`} className="mb-8">
          <h2 id={`s-${s.id}`} className="mb-2 text-xl font-bold">
            {s.title}
          </h2>
          {s.clauses.length === 0 ? (
            <Empty>{t('man.noClauses')}</Empty>
          ) : (
            <ol className="grid gap-3" data-testid={`section-${s.title}`}>
              {s.clauses.map((c) => (
                <ClauseCard
                  key={c.id}
                  clause={c}
                  onRemove={d.canDraft ? () => remove.mutate(c.id) : undefined}
                />
              ))}
            </ol>
          )}
          {d.canDraft && <WriteClause draftId={d.id} sectionId={s.id} sectionTitle={s.title} />}
        </section>
      ))}
      <Amendments draft={d} />
      <Versions draftId={d.id} canDraft={d.canDraft} />
      <Ballots draftId={d.id} canDraft={d.canDraft} />
      {d.canDraft && (
        <form
          className="card grid gap-2 print:hidden"
          onSubmit={(e) => {
            e.preventDefault();
            addSection.mutate();
          }}
        >
          <label htmlFor="new-section" className="label">
            New section
          </label>
          <input
            id="new-section"
            className="input"
            required
            maxLength={80}
            value={section}
            onChange={(e) => setSection(e.target.value)}
          />
          <ErrorNote error={addSection.error} />
          <button type="submit" className="btn-secondary w-fit" disabled={addSection.isPending}>
            Add the section
          </button>
        </form>
      )}
    </article>
  );
}
