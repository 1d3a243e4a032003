/**
 * Elections in the member's branches, newest first, and (for a returning officer) the form that creates
 * one: the post and its seats, the counting method, the nomination rule, the freeze date of the roll, the
 * closing times and an optional quota for women.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../api.ts';
import { Empty, ErrorNote, Loading, PageTitle } from '../components/ui.tsx';
import { Field } from '../components/field.tsx';
import { dateTime } from '../format.ts';
import { keys } from '../query-keys.ts';
import { useT } from '../i18n/index.ts';
import { COUNT_METHODS, ROLES, type Role } from '../../../src/contract/vocabulary.ts';

type Method = (typeof COUNT_METHODS)[number];
const isMethod = (v: string): v is Method => (COUNT_METHODS as readonly string[]).includes(v);
const isRole = (v: string): v is Role => (ROLES as readonly string[]).includes(v);
/** A local date and time `days` from now, as a datetime-local input holds it. */
const localIn = (days: number) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset(), 0, 0);
  return d.toISOString().slice(0, 16);
};

export function ElectionsPage() {
  const t = useT();
  const list = useQuery({
    queryKey: keys.elections(),
    queryFn: ({ signal }) => api.elections.$get({ signal }),
  });
  return (
    <div>
      <PageTitle lead={t('elections.lead')}>{t('elections.title')}</PageTitle>
      <p className="-mt-2 mb-4 text-sm">
        <Link className="link" to="/elections/count">
          {t('elections.countFile')}
        </Link>
      </p>
      {list.isPending ? (
        <Loading />
      ) : list.error ? (
        <ErrorNote error={list.error} />
      ) : (
        <>
          {list.data.items.length === 0 ? (
            <Empty>{t('elections.none')}</Empty>
          ) : (
            <ul className="mb-6 grid gap-3">
              {list.data.items.map((e) => (
                <li key={e.id} className="card">
                  <Link className="link text-lg font-semibold" to={`/elections/${e.id}`}>
                    {t('elections.item', { post: e.post, branch: e.branch.name })}
                  </Link>{' '}
                  <span className="badge">{t(`elections.phase.${e.phase}`)}</span>
                  <p className="text-sm text-stone-700">
                    {t('elections.itemDetail', {
                      seats: e.seats,
                      method: t(`count.method.${e.method}`),
                      nominations: dateTime(e.nominationsCloseAt),
                      voting: dateTime(e.votingClosesAt),
                    })}
                  </p>
                </li>
              ))}
            </ul>
          )}
          {list.data.mayRunIn.length > 0 && <CreateElection branches={list.data.mayRunIn} />}
        </>
      )}
    </div>
  );
}

function CreateElection({ branches }: { branches: { id: string; name: string }[] }) {
  const t = useT();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [form, setForm] = useState({
    branchId: branches[0]?.id ?? '',
    post: '',
    seats: '1',
    method: 'av' as Method,
    nominationsCloseAt: localIn(7),
    votingClosesAt: localIn(21),
    nominatingBody: 'members' as 'members' | 'role',
    nominatingRole: 'organiser' as Role,
    nominationPercent: '10',
    freezeOn: new Date().toLocaleDateString('en-CA'),
    minWomen: '0',
  });
  const set =
    <K extends keyof typeof form>(k: K) =>
    (v: (typeof form)[K]) =>
      setForm({ ...form, [k]: v });
  const create = useMutation({
    mutationFn: () =>
      api.elections.$post({
        body: {
          branchId: form.branchId,
          post: form.post,
          seats: Number(form.seats),
          method: form.method,
          nominationsCloseAt: new Date(form.nominationsCloseAt).toISOString(),
          votingClosesAt: new Date(form.votingClosesAt).toISOString(),
          nominatingBody: form.nominatingBody,
          ...(form.nominatingBody === 'role' ? { nominatingRole: form.nominatingRole } : {}),
          nominationPercent: Number(form.nominationPercent),
          freezeOn: form.freezeOn,
          minWomen: Number(form.minWomen),
        },
      }),
    onSuccess: (e) => {
      void qc.invalidateQueries({ queryKey: keys.elections() });
      void navigate(`/elections/${e.id}`);
    },
  });
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const err = create.error;
  return (
    <section aria-labelledby="new-election">
      <h2 id="new-election" className="mb-2 text-xl font-bold">
        {t('elections.new')}
      </h2>
      <form onSubmit={submit} className="card grid gap-3 sm:grid-cols-2">
        <Field id="el-branch" label={t('elections.form.branch')} field="branchId" error={err}>
          {(c) => (
            <select
              {...c}
              className="input"
              value={form.branchId}
              onChange={(e) => set('branchId')(e.target.value)}
            >
              {branches.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="el-post" label={t('elections.form.post')} field="post" error={err}>
          {(c) => (
            <input
              {...c}
              className="input"
              required
              maxLength={120}
              value={form.post}
              onChange={(e) => set('post')(e.target.value)}
            />
          )}
        </Field>
        <Field id="el-seats" label={t('elections.form.seats')} field="seats" error={err}>
          {(c) => (
            <input
              {...c}
              className="input"
              type="number"
              inputMode="numeric"
              min={1}
              max={50}
              required
              value={form.seats}
              onChange={(e) => set('seats')(e.target.value)}
            />
          )}
        </Field>
        <Field id="el-method" label={t('elections.form.method')} field="method" error={err}>
          {(c) => (
            <select
              {...c}
              className="input"
              value={form.method}
              onChange={(e) => set('method')(isMethod(e.target.value) ? e.target.value : 'av')}
            >
              {COUNT_METHODS.map((m) => (
                <option key={m} value={m}>
                  {t(`count.method.${m}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          id="el-nom-close"
          label={t('elections.form.nominationsClose')}
          field="nominationsCloseAt"
          error={err}
        >
          {(c) => (
            <input
              {...c}
              className="input"
              type="datetime-local"
              required
              value={form.nominationsCloseAt}
              onChange={(e) => set('nominationsCloseAt')(e.target.value)}
            />
          )}
        </Field>
        <Field id="el-vote-close" label={t('elections.form.votingCloses')} field="votingClosesAt" error={err}>
          {(c) => (
            <input
              {...c}
              className="input"
              type="datetime-local"
              required
              value={form.votingClosesAt}
              onChange={(e) => set('votingClosesAt')(e.target.value)}
            />
          )}
        </Field>
        <Field id="el-body" label={t('elections.form.body')} field="nominatingBody" error={err}>
          {(c) => (
            <select
              {...c}
              className="input"
              value={form.nominatingBody}
              onChange={(e) => set('nominatingBody')(e.target.value === 'role' ? 'role' : 'members')}
            >
              <option value="members">{t('elections.form.body.members')}</option>
              <option value="role">{t('elections.form.body.role')}</option>
            </select>
          )}
        </Field>
        {form.nominatingBody === 'role' && (
          <Field id="el-role" label={t('elections.form.role')} field="nominatingRole" error={err}>
            {(c) => (
              <select
                {...c}
                className="input"
                value={form.nominatingRole}
                onChange={(e) => set('nominatingRole')(isRole(e.target.value) ? e.target.value : 'member')}
              >
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`role.${r}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field id="el-percent" label={t('elections.form.percent')} field="nominationPercent" error={err}>
          {(c) => (
            <input
              {...c}
              className="input"
              type="number"
              inputMode="numeric"
              min={0}
              max={100}
              required
              value={form.nominationPercent}
              onChange={(e) => set('nominationPercent')(e.target.value)}
            />
          )}
        </Field>
        <Field
          id="el-freeze"
          label={t('elections.form.freeze')}
          field="freezeOn"
          error={err}
          hint={t('elections.form.freezeHint')}
        >
          {(c) => (
            <input
              {...c}
              className="input"
              type="date"
              required
              value={form.freezeOn}
              onChange={(e) => set('freezeOn')(e.target.value)}
            />
          )}
        </Field>
        <Field id="el-women" label={t('elections.form.minWomen')} field="minWomen" error={err}>
          {(c) => (
            <input
              {...c}
              className="input"
              type="number"
              inputMode="numeric"
              min={0}
              max={50}
              value={form.minWomen}
              onChange={(e) => set('minWomen')(e.target.value)}
            />
          )}
        </Field>
        <div className="sm:col-span-2">
          <ErrorNote error={err} />
          <button type="submit" className="btn mt-2" disabled={create.isPending}>
            {t('elections.form.create')}
          </button>
        </div>
      </form>
    </section>
  );
}
