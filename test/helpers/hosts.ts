/**
 * Separate hosts on one machine: each a network namespace of its own, joined to this one by a virtual
 * Ethernet pair on a /30 of its own (this side .1, the host .2). A process started through `wrap` sees only
 * its host's network: it reaches this machine's services only through what listens on `gateway`. Making
 * namespaces takes root and iproute2; `hostsAvailable` says whether this machine allows it.
 */
import { execFileSync } from 'node:child_process';
import net from 'node:net';

export interface Host {
  name: string;
  /** The host's address, where its processes listen. */
  address: string;
  /** This machine's address as the host sees it. */
  gateway: string;
  /** The command prefix that runs a process on the host. */
  wrap: string[];
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });

/** Whether namespaces can be made here (root, iproute2, a kernel that allows them). */
export function hostsAvailable(): boolean {
  const probe = `bcprobe${process.pid}`;
  try {
    ip('netns', 'add', probe);
    ip('netns', 'del', probe);
    return true;
  } catch {
    return false;
  }
}

/** Makes `n` hosts; `remove` takes them away again (their processes must have stopped). */
export function makeHosts(n: number): { hosts: Host[]; remove: () => void } {
  // A second octet of this run's own, so runs side by side do not clash.
  const octet = 100 + (process.pid % 100);
  const hosts: Host[] = [];
  const remove = () => {
    for (const h of hosts) {
      try {
        ip('netns', 'del', h.name);
      } catch {
        // already gone
      }
    }
  };
  try {
    for (let i = 1; i <= n; i++) {
      const name = `bc${process.pid}h${i}`;
      const here = `bcv${process.pid % 100000}${i}`;
      const there = `bcp${process.pid % 100000}${i}`;
      const gateway = `10.${octet}.${i}.1`;
      const address = `10.${octet}.${i}.2`;
      ip('netns', 'add', name);
      hosts.push({ name, address, gateway, wrap: ['ip', 'netns', 'exec', name] });
      ip('link', 'add', here, 'type', 'veth', 'peer', 'name', there);
      ip('link', 'set', there, 'netns', name);
      ip('addr', 'add', `${gateway}/30`, 'dev', here);
      ip('link', 'set', here, 'up');
      ip('netns', 'exec', name, 'ip', 'addr', 'add', `${address}/30`, 'dev', there);
      ip('netns', 'exec', name, 'ip', 'link', 'set', there, 'up');
      ip('netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up');
    }
  } catch (err) {
    remove();
    throw err;
  }
  return { hosts, remove };
}

/**
 * Forwards connections to `listenHost:port` on to `to` (a service on this machine's loopback, such as
 * PostgreSQL, that the hosts cannot otherwise reach).
 */
export async function forward(
  listenHost: string,
  port: number,
  to: { host: string; port: number },
): Promise<{ close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((inbound) => {
    const outbound = net.connect(to.port, to.host);
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        inbound.destroy();
        outbound.destroy();
      });
    }
    inbound.pipe(outbound);
    outbound.pipe(inbound);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, listenHost, () => resolve());
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
