import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../api.ts';
import { Empty, ErrorNote, Loading, PageTitle } from '../components/ui.tsx';
import { GroupBars } from '../components/group-bars.tsx';
import { GroupHeading, NotReliable } from '../components/group-sureness.tsx';
import { colourOf, groupName, inConversation, type Report } from '../deliberation.ts';
import { summarise } from '../summary.ts';
import { PolisGroups } from './polis-groups.tsx';
import { TopicFilter, TopicsSection, topicName, useTopics } from './topics.tsx';
import { canAnywhere, useMe } from '../session.ts';
import { JoinFrame } from './conversation.tsx';
import { keys } from '../query-keys.ts';
import { dateTime } from '../format.ts';
import { useT } from '../i18n/index.ts';

type Shown = Report['statements'][number];

/** Where the drafting committee adds statements from this report: a draft and one of its sections. */
function useManifestoTarget(enabled: boolean) {
  const [draftId, setDraftId] = useState('');
  const [sectionId, setSectionId] = useState('');
  const drafts = useQuery({
    queryKey: keys.manifestos(),
    queryFn: ({ signal }) => api.manifestos.$get({ signal }),
    enabled,
  });
  const draft = useQuery({
    queryKey: keys.manifesto(draftId),
    queryFn: ({ signal }) => api.manifestos[':id'].$get({ params: { id: draftId }, signal }),
    enabled: enabled && draftId !== '',
  });
  return {
    drafts: drafts.data?.manifestos.filter((m) => m.canDraft) ?? [],
    sections: draft.data?.sections ?? [],
    draftId,
    sectionId,
    setDraft: (v: string) => {
      setDraftId(v);
      setSectionId('');
    },
    setSectionId,
  };
}
type Target = ReturnType<typeof useManifestoTarget>;

function TargetPicker({ target }: { target: Target }) {
  if (target.drafts.length === 0) return null;
  return (
    <div className="card mb-4 grid gap-3 text-sm sm:grid-cols-2 print:hidden">
      <div>
        <label htmlFor="t-draft" className="label">
          Add statements to the draft
        </label>
        <select
          id="t-draft"
          className="input"
          value={target.draftId}
          onChange={(e) => target.setDraft(e.target.value)}
        >
          <option value="">Choose a draft manifesto</option>
          {target.drafts.map((m) => (
            <option key={m.id} value={m.id}>
              {m.title} ({m.branch.name})
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="t-section" className="label">
          In the section
        </label>
        <select
          id="t-section"
          className="input"
          value={target.sectionId}
          disabled={target.sections.length === 0}
          onChange={(e) => target.setSectionId(e.target.value)}
        >
          <option value="">Choose a section</option>
          {target.sections.map((s) => (
            <option key={s.id} value={s.id}>
              {s.title}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

/** One click: the statement becomes a clause of the chosen section, keeping its evidence. */
function AddToManifesto({ statementId, target }: { statementId: string; target: Target }) {
  const qc = useQueryClient();
  const add = useMutation({
    mutationFn: () =>
      api.manifestos[':id'].clauses.$post({
        params: { id: target.draftId },
        body: { sectionId: target.sectionId, statementId },
      }),
    onSuccess: (d) => qc.setQueryData(keys.manifesto(d.id), d),
  });
  if (!target.sectionId) return null;
  const section = target.sections.find((s) => s.id === target.sectionId)?.title ?? '';
  const already = target.sections
    .find((s) => s.id === target.sectionId)
    ?.clauses.some((c) => c.evidence?.statementId === statementId);
  return (
    <div className="mt-2 text-sm print:hidden" aria-live="polite">
      {already ? (
        <p className="text-green-800">In the manifesto under {section}</p>
      ) : (
        <button type="button" className="btn-secondary" disabled={add.isPending} onClick={() => add.mutate()}>
          Add to the manifesto ({section})
        </button>
      )}
      <ErrorNote error={add.error} />
    </div>
  );
}

function StatementList({ items, testId, target }: { items: Shown[]; testId: string; target?: Target }) {
  const t = useT();
  return (
    <ol className="grid gap-3" data-testid={testId}>
      {items.map((s) => (
        <li key={s.id} className="card break-inside-avoid">
          <p className="font-medium">{s.text}</p>
          <p className="text-sm text-stone-600">
            {t('report.counts', { agree: s.agree, disagree: s.disagree, pass: s.pass })}
          </p>
          <GroupBars s={s} />
          {target && <AddToManifesto statementId={s.id} target={target} />}
        </li>
      ))}
    </ol>
  );
}

/** The report in a few sentences, each citing its statement and the percentages it rests on. */
function Summary({ report }: { report: Report }) {
  const t = useT();
  const sentences = summarise(report, (g) => groupName(t, g));
  if (sentences.length === 0) return null;
  return (
    <section aria-labelledby="summary" className="card mb-6" data-testid="summary">
      <h2 id="summary" className="mb-2 text-lg font-bold">
        {t('summary.title')}
      </h2>
      <ul className="grid gap-1 text-sm">
        {sentences.map((s) => (
          <li key={`${s.key}:${s.cites.join(',')}`}>{t(s.key, s.values)}</li>
        ))}
      </ul>
    </section>
  );
}

export function ConversationReportPage() {
  const { id = '' } = useParams();
  return <ConversationReport id={id} />;
}

/** The report of a conversation reached through its share link: no sign-in needed. */
export function JoinReportPage() {
  return <JoinFrame>{(id) => <ConversationReport id={id} />}</JoinFrame>;
}

export function ConversationReport({ id }: { id: string }) {
  const { data: me } = useMe();
  const target = useManifestoTarget(canAnywhere(me, 'manifesto.draft'));
  const report = useQuery({
    queryKey: keys.report(id),
    queryFn: ({ signal }) => api.conversations[':id'].report.$get({ ...inConversation(id), signal }),
    refetchInterval: 10_000,
  });
  const topics = useTopics(id);
  const t = useT();
  if (report.isPending) return <Loading />;
  if (report.error) return <ErrorNote error={report.error} />;
  const r = report.data;
  const maxVotes = Math.max(1, ...r.participation.map((d) => d.votes));
  const common = r.commonGround.filter((s) => topics.onTopic(s.id));
  const divisive = r.divisive.filter((s) => topics.onTopic(s.id));
  return (
    <article>
      <PageTitle lead={r.conversation.question}>
        {t('report.title', { title: r.conversation.title })}
      </PageTitle>
      <p className="-mt-2 mb-4 flex flex-wrap gap-3 text-sm text-stone-600 print:hidden">
        <Link className="link" to={`/conversations/${id}`}>
          {t('report.back')}
        </Link>
        <button
          type="button"
          className="link"
          onClick={() => void navigator.clipboard.writeText(window.location.href)}
        >
          {t('report.copy')}
        </button>
        <button type="button" className="link" onClick={() => window.print()}>
          {t('report.print')}
        </button>
      </p>
      {r.conversation.canModerate && (
        <nav aria-label="Exports" className="card mb-4 text-sm print:hidden">
          <p className="mb-1 font-medium">
            Exports (participant numbers only; each download is recorded in the audit log)
          </p>
          <ul className="flex flex-wrap gap-3">
            {(['votes.csv', 'comments.csv', 'participants-votes.csv'] as const).map((f) => (
              <li key={f}>
                <a
                  className="link"
                  href={api.conversations[':id'].export.polis[':file'].$url({ params: { id, file: f } })}
                  download={f}
                >
                  Polis {f}
                </a>
              </li>
            ))}
            <li>
              <a
                className="link"
                href={api.conversations[':id'].export['analysis.json'].$url({ params: { id } })}
                download="analysis.json"
              >
                Analysis JSON
              </a>
            </li>
          </ul>
        </nav>
      )}
      <p className="mb-4 text-sm text-stone-700">
        {r.computedAt
          ? t('report.summaryAsOf', {
              participants: r.participants,
              groups: r.groups.length,
              time: dateTime(r.computedAt),
            })
          : t('report.summary', { participants: r.participants, groups: r.groups.length })}
      </p>
      <NotReliable reliability={r.reliability} />
      <Summary report={r} />
      <TopicsSection conversationId={id} state={topics} canRename={r.conversation.canModerate} />
      {topics.current && (
        <p className="card mb-4 flex flex-wrap items-center gap-2 text-sm print:hidden" role="status">
          {t('topics.showing', { name: topicName(topics.current) })}
          <button type="button" className="link" onClick={() => topics.choose(null)}>
            {t('topics.showAll')}
          </button>
        </p>
      )}
      <section aria-labelledby="common" className="mb-8">
        <h2 id="common" className="mb-2 text-xl font-bold">
          {t('report.common')}
        </h2>
        <TopicFilter state={topics} t={t} id="common-topic" />
        {common.length === 0 ? (
          <Empty>{topics.current ? t('topics.noneHere') : t('report.noCommon')}</Empty>
        ) : (
          <>
            <TargetPicker target={target} />
            <StatementList items={common} testId="common-ground" target={target} />
          </>
        )}
      </section>
      <section aria-labelledby="groups" className="mb-8">
        <h2 id="groups" className="mb-2 text-xl font-bold">
          {t('report.groups')}
        </h2>
        <ul className="grid gap-3 sm:grid-cols-2">
          {r.groups.map((g) => (
            <li key={g.id} className="card break-inside-avoid">
              <p className="font-semibold">
                <span
                  aria-hidden
                  className="mr-2 inline-block h-3 w-3 rounded-full"
                  style={{ background: colourOf(g.id) }}
                />
                <GroupHeading group={g} />
              </p>
              <ul className="mt-2 list-disc pl-5 text-sm">
                {g.representative.map((s) => (
                  <li key={s.statementId}>
                    {t(s.direction === 'agree' ? 'report.agreeLine' : 'report.disagreeLine', {
                      text: s.text,
                    })}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="divisive" className="mb-8">
        <h2 id="divisive" className="mb-2 text-xl font-bold">
          {t('report.divisive')}
        </h2>
        <TopicFilter state={topics} t={t} id="divisive-topic" />
        {divisive.length === 0 ? (
          <Empty>{topics.current ? t('topics.noneHere') : t('report.noDivisive')}</Empty>
        ) : (
          <StatementList items={divisive} testId="divisive" />
        )}
      </section>
      {r.conversation.canModerate && <PolisGroups conversationId={id} />}
      <section aria-labelledby="participation">
        <h2 id="participation" className="mb-2 text-xl font-bold">
          {t('report.participation')}
        </h2>
        {r.participation.length === 0 ? (
          r.participants > 0 && <Empty>{t('report.noDates')}</Empty>
        ) : (
          <table className="w-full text-left text-sm">
            <thead>
              <tr>
                <th scope="col">{t('report.day')}</th>
                <th scope="col">{t('report.votes')}</th>
                <th scope="col">{t('report.voters')}</th>
                <th scope="col" className="w-1/2">
                  <span className="sr-only">{t('report.bar')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {r.participation.map((d) => (
                <tr key={d.day}>
                  <td>{d.day}</td>
                  <td>{d.votes}</td>
                  <td>{d.voters}</td>
                  <td>
                    <span
                      className="block h-2 rounded bg-orange-700"
                      style={{ width: `${(d.votes / maxVotes) * 100}%` }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </article>
  );
}
