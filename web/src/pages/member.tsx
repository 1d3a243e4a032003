import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api, ROLE_LABELS, type Role } from '../api.ts';
import { BranchSelect } from '../components/branch-select.tsx';
import { DataExportButton } from '../components/data-export.tsx';
import { ErrorNote, Loading, PageTitle } from '../components/ui.tsx';
import { canAnywhere, useMe } from '../session.ts';
import { keys } from '../query-keys.ts';
import { dateOnly } from '../format.ts';

export function MemberPage() {
  const { id = '' } = useParams();
  const { data: me } = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const q = useQuery({
    queryKey: keys.member(id),
    queryFn: ({ signal }) => api.members[':id'].$get({ params: { id }, signal }),
  });
  const [role, setRole] = useState<Role>('canvasser');
  const [branchId, setBranchId] = useState('');
  const [confirm, setConfirm] = useState('');

  const grant = useMutation({
    mutationFn: () => api.members[':id'].roles.$post({ params: { id }, body: { role, branchId } }),
    onSuccess: (data) => queryClient.setQueryData(keys.member(id), data),
  });
  const revoke = useMutation({
    mutationFn: (r: { role: Role; branchId: string }) =>
      api.members[':id'].roles.$delete({ params: { id }, body: r }),
    onSuccess: (data) => queryClient.setQueryData(keys.member(id), data),
  });
  const erase = useMutation({
    mutationFn: () => api.members[':id'].$delete({ params: { id } }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.members() });
      await navigate('/members', { replace: true });
    },
  });

  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorNote error={q.error} />;
  const m = q.data.member;
  const isAdmin = me?.roles.some((r) => r.role === 'admin') ?? false;
  const submitGrant = (e: SyntheticEvent) => {
    e.preventDefault();
    grant.mutate();
  };

  return (
    <>
      <PageTitle lead={`${m.homeWard.name} · joined ${dateOnly(`${m.joinedOn}T12:00:00Z`)} · ${m.status}`}>
        {m.name}
      </PageTitle>
      <dl className="card mb-4 grid grid-cols-[8rem_1fr] gap-2">
        <dt className="font-medium">Email</dt>
        <dd>{m.email ?? 'Hidden'}</dd>
        <dt className="font-medium">Phone</dt>
        <dd>{m.phone ?? '—'}</dd>
      </dl>
      <section aria-labelledby="roles-h" className="card mb-4">
        <h2 id="roles-h" className="mb-2 font-semibold">
          Roles
        </h2>
        <ul className="mb-3 space-y-1">
          {q.data.roles.map((r) => (
            <li key={`${r.role}-${r.branch.id}`} className="flex items-center gap-2">
              {ROLE_LABELS[r.role]} at {r.branch.name}
              {isAdmin && r.role !== 'member' && (
                <button
                  type="button"
                  className="link text-sm"
                  onClick={() => revoke.mutate({ role: r.role, branchId: r.branch.id })}
                >
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
        {isAdmin && (
          <form onSubmit={submitGrant} className="flex flex-wrap items-end gap-2">
            <div>
              <label htmlFor="role" className="label">
                Role
              </label>
              <select
                id="role"
                className="input"
                value={role}
                onChange={(e) => setRole(e.target.value as Role)}
              >
                {(Object.keys(ROLE_LABELS) as Role[]).map((r) => (
                  <option key={r} value={r}>
                    {ROLE_LABELS[r]}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="role-branch" className="label">
                At branch
              </label>
              <BranchSelect
                id="role-branch"
                required
                value={branchId}
                placeholder="Choose…"
                onChange={setBranchId}
              />
            </div>
            <button type="submit" className="btn" disabled={!branchId || grant.isPending}>
              Grant role
            </button>
          </form>
        )}
        <ErrorNote error={grant.error ?? revoke.error} />
      </section>
      {canAnywhere(me, 'members.export') && (
        <section aria-labelledby="rights-h" className="card mb-4">
          <h2 id="rights-h" className="mb-2 font-semibold">
            Data rights
          </h2>
          <p className="mb-3 text-stone-600">
            Answer a subject-access request or erase this member. Both are recorded in the audit log.
          </p>
          <DataExportButton
            load={() => api.members[':id'].data.$get({ params: { id } })}
            file={`member-${id}.json`}
            label="Download everything held (JSON)"
            done="Export downloaded."
          />
          {canAnywhere(me, 'members.erase') && (
            <div className="mt-4 border-t border-stone-200 pt-4">
              <label htmlFor="confirm-erase" className="label">
                To erase, type the member&apos;s name: {m.name}
              </label>
              <input
                id="confirm-erase"
                className="input max-w-sm"
                value={confirm}
                onChange={(e) => setConfirm(e.target.value)}
              />
              <button
                type="button"
                className="btn-danger mt-2"
                disabled={confirm !== m.name || erase.isPending}
                onClick={() => erase.mutate()}
              >
                Erase this member
              </button>
              <p className="mt-1 text-sm text-stone-600">
                This cannot be undone. Their contributions stay, with no link to them.
              </p>
            </div>
          )}
          <ErrorNote error={erase.error} />
        </section>
      )}
    </>
  );
}
