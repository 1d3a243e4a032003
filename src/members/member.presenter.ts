/**
 * What a member record looks like to a given viewer. Contact details leave the server only for the member
 * themselves and for roles that hold `members.contact` over the member's ward.
 */
import type { MemberWithWard } from './member.repo.ts';
import { can, isSelf, type Actor } from '../core/permissions.ts';

export interface MemberView {
  id: string;
  name: string;
  homeWard: { id: string; name: string };
  joinedOn: string;
  status: string;
  email?: string | null;
  phone?: string | null;
}

export function presentMember(m: MemberWithWard, viewer: Actor | null): MemberView {
  const view: MemberView = {
    id: m.id,
    name: m.name,
    homeWard: { id: m.homeWardId, name: m.wardName },
    joinedOn: m.joinedOn,
    status: m.status,
  };
  if (isSelf(viewer, m.id) || can(viewer, 'members.contact', m.wardPath)) {
    view.email = m.email;
    view.phone = m.phone;
  }
  return view;
}
