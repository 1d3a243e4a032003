import { useMutation } from '@tanstack/react-query';
import { useId, useState, type SyntheticEvent } from 'react';
import { Link } from 'react-router';
import { api, type BranchNode } from '../api.ts';
import { useBranches } from '../components/branch-select.tsx';
import { ErrorNote, Loading, PageTitle, Success } from '../components/ui.tsx';

function InviteForm({ branch, onClose }: { branch: BranchNode; onClose: () => void }) {
  const id = useId();
  const [email, setEmail] = useState('');
  const invite = useMutation({
    mutationFn: (body: { email: string; branchId: string }) => api.invitations.$post({ body }),
  });
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    invite.mutate({ email, branchId: branch.id });
  };
  return (
    <form
      onSubmit={submit}
      className="mt-2 rounded-lg bg-stone-100 p-3"
      aria-label={`Invite to ${branch.name}`}
    >
      <label htmlFor={id} className="label">
        Email address to invite to {branch.name}
      </label>
      <div className="flex flex-wrap gap-2">
        <input
          id={id}
          type="email"
          className="input max-w-sm flex-1"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <button type="submit" className="btn" disabled={invite.isPending}>
          {invite.isPending ? 'Sending…' : 'Send invitation'}
        </button>
        <button type="button" className="btn-secondary" onClick={onClose}>
          Close
        </button>
      </div>
      {invite.data && <Success>Invitation sent to {invite.data.email}. The link works for 14 days.</Success>}
      <ErrorNote error={invite.error} />
    </form>
  );
}

function Branch({
  node,
  children,
  depth,
}: {
  node: BranchNode;
  children: Map<string | null, BranchNode[]>;
  depth: number;
}) {
  const kids = children.get(node.id) ?? [];
  const [open, setOpen] = useState(depth < 2);
  const [inviting, setInviting] = useState(false);
  return (
    <li className="py-1">
      <div className="flex flex-wrap items-center gap-2">
        {kids.length > 0 ? (
          <button
            type="button"
            aria-expanded={open}
            className="h-8 w-8 rounded border border-stone-300 bg-white"
            onClick={() => setOpen(!open)}
            aria-label={`${open ? 'Collapse' : 'Expand'} ${node.name}`}
          >
            {open ? '−' : '+'}
          </button>
        ) : (
          <span className="inline-block w-8" aria-hidden />
        )}
        <span className="font-medium">{node.name}</span>
        <span className="text-xs tracking-wide text-stone-500 uppercase">{node.kind}</span>
        {node.memberCount !== undefined && (
          <span className="text-sm text-stone-600">
            {node.canListMembers ? (
              <Link className="link" to={`/members?branch=${node.id}`}>
                {node.memberCount} members
              </Link>
            ) : (
              `${node.memberCount} members`
            )}
          </span>
        )}
        {node.canInvite && !inviting && (
          <button
            type="button"
            className="btn-secondary min-h-8 py-1 text-sm"
            onClick={() => setInviting(true)}
          >
            Invite to {node.name}
          </button>
        )}
      </div>
      {inviting && <InviteForm branch={node} onClose={() => setInviting(false)} />}
      {open && kids.length > 0 && (
        <ul className="ml-4 border-l border-stone-200 pl-3">
          {kids.map((k) => (
            <Branch key={k.id} node={k} children={children} depth={depth + 1} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function BranchesPage() {
  const q = useBranches();
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorNote error={q.error} />;
  const children = new Map<string | null, BranchNode[]>();
  for (const b of q.data.branches) children.set(b.parentId, [...(children.get(b.parentId) ?? []), b]);
  return (
    <>
      <PageTitle lead="The party, its regions, constituencies and wards. Member counts show where you may see members.">
        Branches
      </PageTitle>
      <ul className="card" aria-label="Branch tree">
        {(children.get(null) ?? []).map((root) => (
          <Branch key={root.id} node={root} children={children} depth={0} />
        ))}
      </ul>
    </>
  );
}
