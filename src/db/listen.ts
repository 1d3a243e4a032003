/**
 * Announcements between processes: PostgreSQL's LISTEN/NOTIFY on one dedicated connection per process
 * (a pooled connection cannot listen: it is handed to other queries). The connection is made again after
 * it drops, with a growing wait; `onConnect` runs on every (re)connection so that a listener can catch up
 * with what it missed while it was away, and `onDisconnect` when it is lost.
 */
import pg from 'pg';

export interface ListenHandlers {
  onMessage: (channel: string, payload: string) => void;
  onConnect?: () => void;
  onDisconnect?: () => void;
}

export interface Listening {
  close(): Promise<void>;
}

/** Listens on `channels` of the database at `url` until closed. */
export type Listen = (channels: readonly string[], handlers: ListenHandlers) => Listening;

const isChannel = (c: string) => /^[a-z_][a-z0-9_]*$/.test(c);

export function listenAt(url: string): Listen {
  return (channels, handlers) => {
    for (const c of channels) if (!isChannel(c)) throw new Error(`not a channel name: ${c}`);
    let closed = false;
    let client: pg.Client | null = null;
    let wait = 250;
    let timer: NodeJS.Timeout | null = null;
    const again = () => {
      if (closed || timer) return;
      handlers.onDisconnect?.();
      timer = setTimeout(() => {
        timer = null;
        void connect();
      }, wait);
      timer.unref();
      wait = Math.min(wait * 2, 10_000);
    };
    const connect = async () => {
      const c = new pg.Client({ connectionString: url, keepAlive: true, connectionTimeoutMillis: 5_000 });
      client = c;
      c.on('error', () => {
        void c.end().catch(() => undefined);
        again();
      });
      c.on('end', again);
      c.on('notification', (n) => {
        if (n.payload !== undefined) handlers.onMessage(n.channel, n.payload);
      });
      try {
        await c.connect();
        for (const channel of channels) await c.query(`LISTEN ${channel}`);
        if (closed) {
          await c.end();
          return;
        }
        wait = 250;
        handlers.onConnect?.();
      } catch {
        void c.end().catch(() => undefined);
        again();
      }
    };
    void connect();
    return {
      close: async () => {
        closed = true;
        if (timer) clearTimeout(timer);
        await client?.end().catch(() => undefined);
      },
    };
  };
}
