/** Types and hooks for Common Ground pages; response types come from the server's services. */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { getConversation, listConversations } from '../../src/deliberation/conversation.service.ts';
import type { conversationReport, opinionMap } from '../../src/deliberation/report.service.ts';
import type {
  moderationQueue,
  myStatements,
  similarStatements,
} from '../../src/deliberation/statement.service.ts';
import type { castVote, nextStatement, undoVote } from '../../src/deliberation/vote.service.ts';
import { api } from './api.ts';

export type ConversationView = Awaited<ReturnType<typeof getConversation>>;
export type ConversationListItem = Awaited<ReturnType<typeof listConversations>>['conversations'][number];
export type NextCard = Awaited<ReturnType<typeof nextStatement>>;
/** A vote's answer carries the next card, so voting is one round trip. */
export type VoteAnswer = Awaited<ReturnType<typeof castVote>>;
export type UndoAnswer = Awaited<ReturnType<typeof undoVote>>;
export type OpinionMap = Awaited<ReturnType<typeof opinionMap>>;
export type Report = Awaited<ReturnType<typeof conversationReport>>;
export type OwnStatements = Awaited<ReturnType<typeof myStatements>>;
export type Similar = Awaited<ReturnType<typeof similarStatements>>;
export type Queue = Awaited<ReturnType<typeof moderationQueue>>;

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

/** Calls the conversation's API, sending the link secret when the page came through a share link. */
export function convApi<T>(
  id: string,
  path: string,
  init: RequestInit & { json?: unknown } = {},
): Promise<T> {
  const link = linkFor(id);
  const headers = new Headers(init.headers);
  if (link) headers.set('x-conversation-link', link);
  return api<T>(`/api/conversations/${id}${path}`, { ...init, headers });
}

export function useConversation(id: string) {
  return useQuery({
    queryKey: ['conversation', id],
    queryFn: ({ signal }) => convApi<ConversationView>(id, '', { signal }),
  });
}

/** The opinion map, kept live by Server-Sent Events (with a fetch first, and after reconnects). */
export function useLiveMap(id: string) {
  const initial = useQuery({
    queryKey: ['map', id],
    queryFn: ({ signal }) => convApi<OpinionMap>(id, '/map', { signal }),
  });
  const [live, setLive] = useState<OpinionMap | null>(null);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const link = linkFor(id);
    const source = new EventSource(
      `/api/conversations/${id}/stream${link ? `?link=${encodeURIComponent(link)}` : ''}`,
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
