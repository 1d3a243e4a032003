/** Choosing one of the branch's members: for a walk's canvasser, or a station's teller. */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type MemberView } from '../../api.ts';
import { keys } from '../../query-keys.ts';

/** The branch's members (the first hundred, by name), as the pickers offer them. */
export function useBranchMembers(branchId: string) {
  return useQuery({
    queryKey: keys.membersOfBranch(branchId),
    queryFn: ({ signal }) => api.members.$get({ query: { branch: branchId, pageSize: 100 }, signal }),
  });
}

export function MemberPicker(props: {
  id: string;
  /** Said to screen readers: what the choice is for. */
  label: string;
  placeholder: string;
  members: MemberView[] | undefined;
  value: string;
  onChange: (memberId: string) => void;
}) {
  return (
    <>
      <label htmlFor={props.id} className="sr-only">
        {props.label}
      </label>
      <select
        id={props.id}
        className="input max-w-xs"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      >
        <option value="">{props.placeholder}</option>
        {props.members?.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
      </select>
    </>
  );
}

/**
 * A member picked, then an action on them in one button ("Put on duty", "Send out"): the button waits for a
 * choice, and the choice is cleared once the action has been taken.
 */
export function PickMemberThen(props: {
  id: string;
  label: string;
  placeholder: string;
  members: MemberView[] | undefined;
  action: string;
  pending: boolean;
  onPick: (memberId: string) => Promise<unknown>;
}) {
  const [who, setWho] = useState('');
  return (
    <span className="flex flex-wrap items-center gap-2">
      <MemberPicker
        id={props.id}
        label={props.label}
        placeholder={props.placeholder}
        members={props.members}
        value={who}
        onChange={setWho}
      />
      <button
        type="button"
        className="btn-secondary"
        disabled={!who || props.pending}
        onClick={() =>
          void props.onPick(who).then(
            () => setWho(''),
            () => undefined,
          )
        }
      >
        {props.action}
      </button>
    </span>
  );
}
