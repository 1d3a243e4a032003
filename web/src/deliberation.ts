/** Types and hooks for Common Ground pages; the types come from the API contract. */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from './api.ts';
import type { OpinionMap } from '../../src/contract/deliberation.ts';

export type {
  ConversationListItem,
  ConversationView,
  NextCard,
  OpinionMap,
  OwnStatements,
  Queue,
  Report,
  Similar,
  UndoAnswer,
  VoteAnswer,
} from '../../src/contract/deliberation.ts';
import { keys } from './query-keys.ts';
import type { Translate } from './i18n/index.ts';

const GROUP_LETTERS = 'ABCDEFGH';
/** A group's name in the member's language: "Group A" … or "Others" for the small groups merged together. */
export const groupName = (t: Translate, id: number): string =>
  id < 0 ? t('group.others') : t('group.name', { letter: GROUP_LETTERS[id] ?? String(id + 1) });

/** Group colours, chosen to stay distinct for common colour-vision deficiencies; grey is "others". */
export const GROUP_COLOURS = [
  '#1b6ca8',
  '#d1495b',
  '#2a9d55',
  '#e09f3e',
  '#6a4c93',
  '#00798c',
  '#8d6a3f',
  '#c1447e',
];
export const colourOf = (group: number | null): string =>
  group === null || group < 0 ? '#8a8580' : (GROUP_COLOURS[group % GROUP_COLOURS.length] ?? '#8a8580');

/** The link secret for conversations opened from a share link, kept for this tab. */
export function linkFor(conversationId: string): string | null {
  return sessionStorage.getItem(`bc-link-${conversationId}`);
}
export function rememberLink(conversationId: string, token: string): void {
  sessionStorage.setItem(`bc-link-${conversationId}`, token);
}

/**
 * A conversation's id as a call's params, with the link secret in its header when the page came through a
 * share link: `api.conversations[':id'].map.$get({ ...inConversation(id), signal })`.
 */
export function inConversation(id: string): { params: { id: string }; headers: Record<string, string> } {
  const link = linkFor(id);
  return { params: { id }, headers: link ? { 'x-conversation-link': link } : {} };
}

export function useConversation(id: string) {
  return useQuery({
    queryKey: keys.conversation(id),
    queryFn: ({ signal }) => api.conversations[':id'].$get({ ...inConversation(id), signal }),
  });
}

/** The opinion map, kept live by Server-Sent Events (with a fetch first, and after reconnects). */
export function useLiveMap(id: string) {
  const initial = useQuery({
    queryKey: keys.map(id),
    queryFn: ({ signal }) => api.conversations[':id'].map.$get({ ...inConversation(id), signal }),
  });
  const [live, setLive] = useState<OpinionMap | null>(null);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const link = linkFor(id);
    const source = new EventSource(
      api.conversations[':id'].stream.$url({ params: { id }, query: link ? { link } : {} }),
    );
    source.addEventListener('map', (e) => {
      setLive(JSON.parse((e as MessageEvent<string>).data) as OpinionMap);
    });
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    return () => source.close();
  }, [id]);
  const data = live && (!initial.data || live.version >= initial.data.version) ? live : initial.data;
  return { data, isPending: initial.isPending && !live, error: initial.error, connected };
}
