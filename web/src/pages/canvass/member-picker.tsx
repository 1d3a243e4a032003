/** Choosing one of the branch's members: for a walk's canvasser, or a station's teller. */
import { useQuery } from '@tanstack/react-query';
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
