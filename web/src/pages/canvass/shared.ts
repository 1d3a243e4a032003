/** What the console's sections share: numbers as they show them, and the branch's register. */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { keys } from '../../query-keys.ts';

export const fmt = (n: number) => n.toLocaleString('en-GB');
export const pct = (x: number) => `${Math.round(x * 100)}%`;

/** The branch's register at a glance (the register and targeting sections read it). */
export function useRegister(branchId: string) {
  return useQuery({
    queryKey: keys.register(branchId),
    queryFn: ({ signal }) => api.canvass.branches[':id'].register.$get({ params: { id: branchId }, signal }),
  });
}
