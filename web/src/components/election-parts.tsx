/**
 * The parts of an election's page: the candidates with their public nominations (and the forms to stand
 * and to nominate), the hustings (questions ranked by support across groups, answers side by side), and
 * the ranked vote.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { Link } from 'react-router';
import { api } from '../api.ts';
import { Empty, ErrorNote } from './ui.tsx';
import { Field } from './field.tsx';
import { keys } from '../query-keys.ts';
import { useT } from '../i18n/index.ts';
import type { ElectionView } from '../../../src/contract/elections.ts';

/** Changes the election and puts the answer (the election as it now stands) in the page's cache. */
function useElectionChange<T>(id: string, fn: (v: T) => Promise<ElectionView>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (e) => qc.setQueryData(keys.election(id), e),
  });
}

export function Candidates({ e }: { e: ElectionView }) {
  const t = useT();
  const nominate = useElectionChange(e.id, (candidateId: string) =>
    api.elections[':id'].nominations.$post({ params: { id: e.id }, body: { candidateId } }),
  );
  return (
    <section aria-labelledby="candidates" className="mb-8">
      <h2 id="candidates" className="mb-1 text-xl font-bold">
        {t('election.candidates')}
      </h2>
      <p className="mb-3 text-sm text-stone-700">
        {t('election.rule', {
          needed: e.nominating.needed,
          percent: e.nominating.percent,
          size: e.nominating.size,
          body:
            e.nominating.body === 'role'
              ? t('election.rule.role', { role: e.nominating.role ? t(`role.${e.nominating.role}`) : '' })
              : t('election.rule.members'),
        })}
      </p>
      {e.candidates.length === 0 ? (
        <Empty>{t('election.noCandidates')}</Empty>
      ) : (
        <ul className="grid gap-3 md:grid-cols-2" data-testid="candidates">
          {e.candidates.map((c) => (
            <li key={c.id} className="card">
              <h3 className="text-lg font-semibold">{c.name}</h3>
              <p className="mb-2 whitespace-pre-line">{c.statement}</p>
              {e.minWomen > 0 && c.woman && <p className="text-sm">{t('election.woman')}</p>}
              <p className="text-sm text-stone-700">
                {c.nominators.length
                  ? t('election.nominatedBy', { names: c.nominators.map((n) => n.name).join(', ') })
                  : t('election.noNominations')}{' '}
                ({t('election.nominations', { count: c.nominators.length, needed: e.nominating.needed })})
              </p>
              <p className="text-sm font-medium">
                {c.qualified ? t('election.qualified') : t('election.notQualified')}
              </p>
              {e.me.nominated.includes(c.id) ? (
                <p className="mt-2 text-sm font-medium" role="status">
                  {t('election.youNominated', { name: c.name })}
                </p>
              ) : (
                e.me.mayNominate &&
                c.id !== e.me.id &&
                e.me.nominated.length < e.seats && (
                  <button
                    type="button"
                    className="btn-secondary mt-2"
                    disabled={nominate.isPending}
                    onClick={() => nominate.mutate(c.id)}
                  >
                    {t('election.nominate', { name: c.name })}
                  </button>
                )
              )}
            </li>
          ))}
        </ul>
      )}
      <ErrorNote error={nominate.error} />
      {e.phase === 'nominations' && <Stand e={e} />}
    </section>
  );
}

function Stand({ e }: { e: ElectionView }) {
  const t = useT();
  const mine = e.candidates.find((c) => c.id === e.me.id);
  const [statement, setStatement] = useState(mine?.statement ?? '');
  const [woman, setWoman] = useState(mine?.woman ?? false);
  const stand = useElectionChange(e.id, () =>
    api.elections[':id'].candidates.$post({ params: { id: e.id }, body: { statement, woman } }),
  );
  const submit = (ev: SyntheticEvent) => {
    ev.preventDefault();
    stand.mutate(undefined);
  };
  return (
    <details className="mt-4" open={e.me.standing}>
      <summary className="cursor-pointer font-medium">
        {e.me.standing ? t('election.standAgain') : t('election.stand')}
      </summary>
      <form onSubmit={submit} className="card mt-2 grid gap-3">
        <Field id="el-statement" label={t('election.statement')} field="statement" error={stand.error}>
          {(c) => (
            <textarea
              {...c}
              className="input"
              rows={4}
              required
              maxLength={3000}
              value={statement}
              onChange={(ev) => setStatement(ev.target.value)}
            />
          )}
        </Field>
        {e.minWomen > 0 && (
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={woman} onChange={(ev) => setWoman(ev.target.checked)} />
            {t('election.standWoman')}
          </label>
        )}
        <ErrorNote error={stand.error} />
        <button type="submit" className="btn w-fit" disabled={stand.isPending}>
          {e.me.standing ? t('election.standUpdate') : t('election.standSubmit')}
        </button>
      </form>
    </details>
  );
}

export function Hustings({ e }: { e: ElectionView }) {
  const t = useT();
  const open = useElectionChange(e.id, () => api.elections[':id'].hustings.$post({ params: { id: e.id } }));
  const h = e.hustings;
  const people = e.paper ?? e.candidates;
  return (
    <section aria-labelledby="hustings" className="mb-8">
      <h2 id="hustings" className="mb-1 text-xl font-bold">
        {t('election.hustings')}
      </h2>
      <p className="mb-3 text-sm text-stone-700">{t('election.hustingsLead')}</p>
      {!h ? (
        <>
          <Empty>{t('election.hustingsNone')}</Empty>
          {e.canRun && e.phase !== 'counted' && (
            <button
              type="button"
              className="btn mt-2"
              disabled={open.isPending}
              onClick={() => open.mutate(undefined)}
            >
              {t('election.hustingsOpen')}
            </button>
          )}
          <ErrorNote error={open.error} />
        </>
      ) : (
        <>
          <p className="mb-3">
            <Link className="btn-secondary" to={`/conversations/${h.conversationId}`}>
              {t('election.hustingsAsk')}
            </Link>
          </p>
          {h.questions.length === 0 ? (
            <Empty>{t('election.noQuestions')}</Empty>
          ) : (
            <ol className="grid gap-4" data-testid="hustings-questions">
              {h.questions.map((q, i) => (
                <li key={q.id} className="card">
                  <h3 className="font-semibold">{t('election.question', { n: i + 1, text: q.text })}</h3>
                  <p className="mb-2 text-sm text-stone-600">
                    {t('election.bridging', { percent: Math.round(q.bridging * 100) })}
                  </p>
                  <div className="grid gap-3 md:grid-cols-2">
                    {people.map((c) => {
                      const a = q.answers.find((x) => x.candidateId === c.id);
                      return (
                        <div key={c.id} className="rounded-lg bg-stone-50 p-3">
                          <p className="font-medium">{c.name}</p>
                          <p className="whitespace-pre-line">{a?.answer ?? t('election.noAnswer')}</p>
                        </div>
                      );
                    })}
                  </div>
                  {e.me.standing && e.phase !== 'counted' && (
                    <Answer
                      e={e}
                      questionId={q.id}
                      given={q.answers.find((x) => x.candidateId === e.me.id)?.answer ?? ''}
                    />
                  )}
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </section>
  );
}

function Answer({ e, questionId, given }: { e: ElectionView; questionId: string; given: string }) {
  const t = useT();
  const [answer, setAnswer] = useState(given);
  const save = useElectionChange(e.id, () =>
    api.elections[':id'].answers.$post({ params: { id: e.id }, body: { statementId: questionId, answer } }),
  );
  return (
    <form
      className="mt-3 grid gap-2"
      onSubmit={(ev) => {
        ev.preventDefault();
        save.mutate(undefined);
      }}
    >
      <Field id={`answer-${questionId}`} label={t('election.yourAnswer')} field="answer" error={save.error}>
        {(c) => (
          <textarea
            {...c}
            className="input"
            rows={3}
            required
            maxLength={3000}
            value={answer}
            onChange={(ev) => setAnswer(ev.target.value)}
          />
        )}
      </Field>
      <button type="submit" className="btn-secondary w-fit" disabled={save.isPending}>
        {t('election.answerSubmit')}
      </button>
    </form>
  );
}
