import { useQuery } from '@tanstack/react-query';
import { api, type BranchNode } from '../api.ts';
import { keys } from '../query-keys.ts';

/** The branch tree, shared by every page that shows or picks branches. */
export function useBranches() {
  return useQuery({
    queryKey: keys.branches(),
    queryFn: ({ signal }) => api.branches.$get({ signal }),
  });
}

/** A labelled-by-id select of branches; `only` narrows the choice (e.g. branches whose members you see). */
export function BranchSelect(props: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  only?: (b: BranchNode) => boolean;
  required?: boolean;
}) {
  const branches = useBranches();
  return (
    <select
      id={props.id}
      className="input"
      required={props.required}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
    >
      <option value="">{props.placeholder}</option>
      {branches.data?.branches.filter(props.only ?? (() => true)).map((b) => (
        <option key={b.id} value={b.id}>
          {b.name} ({b.kind})
        </option>
      ))}
    </select>
  );
}

/** Branches at or below any branch in `roots`. */
export function within(branches: BranchNode[], roots: string[]): (b: BranchNode) => boolean {
  const byId = new Map(branches.map((b) => [b.id, b]));
  return (b) => {
    for (let x: BranchNode | undefined = b; x; x = x.parentId ? byId.get(x.parentId) : undefined)
      if (roots.includes(x.id)) return true;
    return false;
  };
}
