/**
 * Making something in a branch — a conversation, a Polis import, a draft manifesto — as one form: folded
 * away until opened, the branch chosen first (among those where the member holds `permission`), the
 * thing's own fields, the server's refusal, and one button that says what it does and that it is busy.
 */
import { useId, type ReactNode, type SyntheticEvent } from 'react';
import { BranchSelect, useBranches, within } from './branch-select.tsx';
import { ErrorNote } from './ui.tsx';
import { useMe } from '../session.ts';

export interface CreateFormProps {
  /** What the folded form says: "Start a conversation". */
  title: string;
  /** The permission the member needs at a branch to make it there. */
  permission: string;
  branchId: string;
  onBranch: (id: string) => void;
  /** The branch list's first line: what choosing it means. */
  branchPlaceholder: string;
  onSubmit: () => void;
  /** The mutation's state: busy, and its refusal. */
  pending: boolean;
  error: unknown;
  /** Fields shown by `Field` under their inputs, so the note below does not say them again. */
  fieldErrors?: string[];
  submit: string;
  submitting: string;
  children: ReactNode;
}

export function CreateForm(props: CreateFormProps) {
  const { data: me } = useMe();
  const branches = useBranches();
  const id = useId();
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    props.onSubmit();
  };
  return (
    <details className="card mb-6">
      <summary className="cursor-pointer font-semibold text-orange-900">{props.title}</summary>
      <form onSubmit={submit} className="mt-3 grid gap-3">
        <div>
          <label htmlFor={`${id}-branch`} className="label">
            Branch
          </label>
          <BranchSelect
            id={`${id}-branch`}
            required
            value={props.branchId}
            onChange={props.onBranch}
            placeholder={props.branchPlaceholder}
            only={within(branches.data?.branches ?? [], me?.capabilities[props.permission] ?? [])}
          />
        </div>
        {props.children}
        <ErrorNote error={props.error} {...(props.fieldErrors ? { fields: props.fieldErrors } : {})} />
        <button type="submit" className="btn w-fit" disabled={props.pending}>
          {props.pending ? props.submitting : props.submit}
        </button>
      </form>
    </details>
  );
}
