/**
 * A conversation's topics: the report's and the moderation console's filter (statements on one topic), and,
 * for those who run the conversation, naming a topic (its words stay beside the name).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ConversationTopics } from '../../../src/contract/deliberation.ts';
import { api } from '../api.ts';
import { inConversation } from '../deliberation.ts';
import { keys } from '../query-keys.ts';
import { useT, type Translate } from '../i18n/index.ts';
import { ErrorNote, Success } from '../components/ui.tsx';

type Topic = ConversationTopics['topics'][number];

/** A topic as people read it: the name it was given, or its words. */
export const topicName = (topic: Topic): string => topic.name ?? topic.label.join(' · ');

/** The topics, and which statements are on the chosen one (all of them while none is chosen). */
export function useTopics(conversationId: string) {
  const query = useQuery({
    queryKey: keys.topics(conversationId),
    queryFn: ({ signal }) =>
      api.conversations[':id'].topics.$get({ ...inConversation(conversationId), signal }),
    refetchInterval: 30_000,
  });
  const [chosen, setChosen] = useState<number | null>(null);
  const byStatement = useMemo(
    () => new Map((query.data?.statements ?? []).map((s) => [s.id, s.topics] as const)),
    [query.data],
  );
  const topics = query.data?.topics ?? [];
  const current = topics.find((tp) => tp.id === chosen) ?? null;
  const onTopic = (statementId: string) =>
    current === null || (byStatement.get(statementId) ?? []).includes(current.id);
  return { query, topics, current, choose: setChosen, onTopic };
}

export type TopicsState = ReturnType<typeof useTopics>;

/** "Show statements on [topic]": a select, all topics first. */
export function TopicFilter({ state, t, id }: { state: TopicsState; t: Translate; id: string }) {
  if (state.topics.length === 0) return null;
  return (
    <div className="mb-3 flex flex-wrap items-center gap-2 print:hidden">
      <label htmlFor={id} className="text-sm font-medium">
        {t('topics.filter')}
      </label>
      <select
        id={id}
        className="input w-auto max-w-full min-w-0"
        value={state.current?.id ?? ''}
        onChange={(e) => state.choose(e.target.value === '' ? null : Number(e.target.value))}
      >
        <option value="">{t('topics.all')}</option>
        {state.topics.map((tp) => (
          <option key={tp.id} value={tp.id}>
            {t('topics.option', { name: topicName(tp), count: tp.statements })}
          </option>
        ))}
      </select>
    </div>
  );
}

function RenameTopic({
  conversationId,
  topic,
  onDone,
}: {
  conversationId: string;
  topic: Topic;
  onDone: (saved: boolean) => void;
}) {
  const t = useT();
  const qc = useQueryClient();
  const [name, setName] = useState(topic.name ?? '');
  const save = useMutation({
    mutationFn: (value: string | null) =>
      api.conversations[':id'].topics[':topic'].$patch({
        params: { id: conversationId, topic: topic.id },
        body: { name: value },
      }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: keys.topics(conversationId) });
      onDone(true);
    },
  });
  const inputId = `topic-name-${topic.id}`;
  // Opened by the person's own click on "Rename": the name field takes the focus.
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  return (
    <form
      className="mt-2 grid gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(name.trim() === '' ? null : name);
      }}
    >
      <label htmlFor={inputId} className="label">
        {t('topics.nameLabel', { words: topic.label.join(' · ') })}
      </label>
      <input
        id={inputId}
        className="input"
        maxLength={60}
        value={name}
        ref={input}
        onChange={(e) => setName(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onDone(false);
        }}
      />
      <div className="flex flex-wrap gap-2">
        <button type="submit" className="btn" disabled={save.isPending}>
          {t('topics.save')}
        </button>
        {topic.name !== null && (
          <button
            type="button"
            className="btn-secondary"
            disabled={save.isPending}
            onClick={() => save.mutate(null)}
          >
            {t('topics.reset')}
          </button>
        )}
        <button type="button" className="btn-secondary" onClick={() => onDone(false)}>
          {t('topics.cancel')}
        </button>
      </div>
      <ErrorNote error={save.error} />
    </form>
  );
}

/** The report's topics: each with its words and size, a button to show only its statements, renaming. */
export function TopicsSection({
  conversationId,
  state,
  canRename,
}: {
  conversationId: string;
  state: TopicsState;
  canRename: boolean;
}) {
  const t = useT();
  const [renaming, setRenaming] = useState<number | null>(null);
  const [saved, setSaved] = useState(false);
  if (state.query.error) return <ErrorNote error={state.query.error} />;
  if (state.query.isPending) return null;
  return (
    <section aria-labelledby="topics" className="mb-8" data-testid="topics">
      <h2 id="topics" className="mb-1 text-xl font-bold">
        {t('topics.title')}
      </h2>
      {state.topics.length === 0 ? (
        <p className="text-sm text-stone-600">{t('topics.none')}</p>
      ) : (
        <>
          <p className="mb-2 text-sm text-stone-600">{t('topics.lead')}</p>
          {saved && <Success>{t('topics.saved')}</Success>}
          <ul className="grid gap-2 sm:grid-cols-2">
            {state.topics.map((tp) => (
              <li
                key={tp.id}
                className={state.current?.id === tp.id ? 'card ring-2 ring-orange-700' : 'card'}
              >
                <button
                  type="button"
                  className="link text-left font-semibold break-words"
                  aria-pressed={state.current?.id === tp.id}
                  onClick={() => state.choose(state.current?.id === tp.id ? null : tp.id)}
                >
                  {topicName(tp)}
                </button>
                <p className="text-sm text-stone-600">
                  {tp.name !== null && <span>{tp.label.join(' · ')} — </span>}
                  {t('topics.count', { count: tp.statements })}
                </p>
                {canRename &&
                  (renaming === tp.id ? (
                    <RenameTopic
                      conversationId={conversationId}
                      topic={tp}
                      onDone={(done) => {
                        setRenaming(null);
                        setSaved(done);
                      }}
                    />
                  ) : (
                    <button
                      type="button"
                      className="link mt-1 text-sm print:hidden"
                      onClick={() => {
                        setSaved(false);
                        setRenaming(tp.id);
                      }}
                    >
                      {t('topics.rename', { name: topicName(tp) })}
                    </button>
                  ))}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
