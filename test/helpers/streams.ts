/**
 * A test app for live-map streams, which need a real socket: listening on a port of this machine, with a
 * ward whose organiser ('org') and three members ('a', 'b', 'c') are signed in.
 */
import { callAs, startTestApp, type TestApp } from './app.ts';
import { makeTree, signedInMembers, type Tree } from './factories.ts';

export interface StreamingApp {
  t: TestApp;
  tree: Tree;
  /** Session cookies by name. */
  cookies: Record<string, string>;
  /** The app's address, http://127.0.0.1:<port>. */
  base: string;
  call: ReturnType<typeof callAs>;
}

export async function startStreamingApp(env: Record<string, string> = {}): Promise<StreamingApp> {
  const t = await startTestApp(env);
  const tree = await makeTree(t.database.db);
  const cookies = await signedInMembers(
    t.database.db,
    tree.wardA,
    ['org', 'a', 'b', 'c'],
    (email) => t.signIn(email),
    { org: 'organiser' },
  );
  const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  return { t, tree, cookies, base, call: callAs(() => t, cookies) };
}
