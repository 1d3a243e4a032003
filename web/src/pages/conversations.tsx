import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../api.ts';
import { CreateForm } from '../components/create-form.tsx';
import { Empty, ErrorNote, Loading, PageTitle } from '../components/ui.tsx';
import type { ConversationAccess, ModerationMode } from '../../../src/contract/vocabulary.ts';
import { canAnywhere, useMe } from '../session.ts';
import { Field } from '../components/field.tsx';
import { keys } from '../query-keys.ts';
import { useT } from '../i18n/index.ts';

interface NewConversation {
  branchId: string;
  title: string;
  question: string;
  description: string;
  access: ConversationAccess;
  moderation: ModerationMode;
  /** Seed statements, one per line. */
  seeds: string;
}

function StartConversation() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [form, setForm] = useState<NewConversation>({
    branchId: '',
    title: '',
    question: '',
    description: '',
    access: 'branch',
    moderation: 'post',
    seeds: '',
  });
  const create = useMutation({
    mutationFn: () =>
      api.conversations.$post({
        body: {
          branchId: form.branchId,
          title: form.title,
          question: form.question,
          description: form.description,
          access: form.access,
          moderation: form.moderation,
          seedStatements: form.seeds
            .split('\n')
            .map((s) => s.trim())
            .filter(Boolean),
        },
      }),
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: keys.conversations() });
      void navigate(`/conversations/${c.id}`);
    },
  });
  const set = (k: 'title' | 'question' | 'description' | 'seeds') => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });
  return (
    <CreateForm
      title="Start a conversation"
      permission="conversations.create"
      branchId={form.branchId}
      onBranch={(v) => setForm({ ...form, branchId: v })}
      branchPlaceholder="Choose the branch whose members take part"
      onSubmit={() => create.mutate()}
      pending={create.isPending}
      error={create.error}
      fieldErrors={['title', 'question', 'description', 'seedStatements']}
      submit="Start the conversation"
      submitting="Starting…"
    >
      <Field id="c-title" label="Title" field="title" error={create.error}>
        {(control) => (
          <input
            {...control}
            className="input"
            required
            maxLength={120}
            value={form.title}
            onChange={set('title')}
          />
        )}
      </Field>
      <Field id="c-question" label="Question" field="question" error={create.error}>
        {(control) => (
          <input
            {...control}
            className="input"
            required
            maxLength={280}
            value={form.question}
            onChange={set('question')}
          />
        )}
      </Field>
      <Field id="c-description" label="Description (optional)" field="description" error={create.error}>
        {(control) => (
          <textarea {...control} className="input" value={form.description} onChange={set('description')} />
        )}
      </Field>
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor="c-access" className="label">
            Who may take part
          </label>
          <select
            id="c-access"
            className="input"
            value={form.access}
            onChange={(e) => setForm({ ...form, access: e.target.value === 'link' ? 'link' : 'branch' })}
          >
            <option value="branch">Members of the branch and the branches below it</option>
            <option value="link">Anyone with the link, pseudonymously</option>
          </select>
        </div>
        <div>
          <label htmlFor="c-moderation" className="label">
            Moderation
          </label>
          <select
            id="c-moderation"
            className="input"
            value={form.moderation}
            onChange={(e) => setForm({ ...form, moderation: e.target.value === 'pre' ? 'pre' : 'post' })}
          >
            <option value="post">After publication</option>
            <option value="pre">Before publication</option>
          </select>
        </div>
      </div>
      <Field
        id="c-seeds"
        label="Seed statements, one per line (each at most 280 characters)"
        field="seedStatements"
        error={create.error}
      >
        {(control) => (
          <textarea {...control} className="input min-h-32" value={form.seeds} onChange={set('seeds')} />
        )}
      </Field>
    </CreateForm>
  );
}

/** Starts a conversation from a Polis export: its folder's files, or a .zip of the folder. */
function ImportPolis() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [branchId, setBranchId] = useState('');
  const [title, setTitle] = useState('');
  const [question, setQuestion] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const upload = useMutation({
    mutationFn: () => {
      // Sent as a form: the files stream to the server, however large.
      const form = new FormData();
      form.set('branchId', branchId);
      form.set('title', title);
      form.set('question', question);
      for (const f of files) form.append(f.name, f, f.name);
      return api.conversations.import.$post({ body: form });
    },
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: keys.conversations() });
      void navigate(`/conversations/${r.conversation.id}`);
    },
  });
  return (
    <CreateForm
      title="Import a Polis export"
      permission="conversations.create"
      branchId={branchId}
      onBranch={setBranchId}
      branchPlaceholder="Choose the branch"
      onSubmit={() => upload.mutate()}
      pending={upload.isPending}
      error={upload.error}
      submit="Import"
      submitting="Importing…"
    >
      <div>
        <label htmlFor="i-title" className="label">
          Title
        </label>
        <input
          id="i-title"
          className="input"
          required
          maxLength={120}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
      </div>
      <div>
        <label htmlFor="i-question" className="label">
          Question
        </label>
        <input
          id="i-question"
          className="input"
          required
          maxLength={280}
          value={question}
          onChange={(e) => setQuestion(e.target.value)}
        />
      </div>
      <div>
        <label htmlFor="i-files" className="label">
          The export: every file of the folder Polis gives (comments.csv, votes.csv or participants-votes.csv;
          others are skipped), or a .zip of it
        </label>
        <input
          id="i-files"
          type="file"
          multiple
          accept=".csv,.zip,text/csv,application/zip"
          className="input"
          required
          onChange={(e) => setFiles([...(e.target.files ?? [])])}
        />
      </div>
    </CreateForm>
  );
}

export function ConversationsPage() {
  const { data: me } = useMe();
  const list = useQuery({
    queryKey: keys.conversations(),
    queryFn: ({ signal }) => api.conversations.$get({ signal }),
  });
  const t = useT();
  return (
    <>
      <PageTitle lead={t('convs.lead')}>{t('nav.commonGround')}</PageTitle>
      {canAnywhere(me, 'conversations.create') && (
        <>
          <StartConversation />
          <ImportPolis />
        </>
      )}
      {list.isPending ? (
        <Loading />
      ) : list.error ? (
        <ErrorNote error={list.error} />
      ) : list.data.conversations.length === 0 ? (
        <Empty>{t('convs.none')}</Empty>
      ) : (
        <ul className="grid gap-3">
          {list.data.conversations.map((c) => (
            <li key={c.id}>
              <Link to={`/conversations/${c.id}`} className="card block hover:border-orange-400">
                <span className="font-semibold text-orange-900">{c.title}</span>
                <span className="mt-1 block">{c.question}</span>
                <span className="mt-1 block text-sm text-stone-600">
                  {t('convs.item', {
                    branch: c.branch.name,
                    statements: c.statements,
                    state: t('conv.state', { phase: c.phase }),
                  })}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
