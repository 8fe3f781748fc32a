import { execFileSync } from 'node:child_process';
import { startCoturn } from '../coturn';

/**
 * Three network namespaces inside the test's own (already isolated) namespace:
 *
 *   pa (10.66.1.2) --veth-- srv (10.66.1.1 | 10.66.2.1, and 10.66.0.1 on lo) --veth-- pb (10.66.2.2)
 *
 * srv does not forward (ip_forward=0), so pa and pb cannot reach each other by any path; each peer's only
 * route is its default route to srv, so both reach srv's service address 10.66.0.1 (signaling and TURN),
 * the way two phones on networks that block direct UDP both reach a public server. IPv6 is off everywhere.
 */
export const SERVICE_ADDR = '10.66.0.1';
export const PEER_A_ADDR = '10.66.1.2';
export const PEER_B_ADDR = '10.66.2.2';

export interface Topology {
  srv: string;
  pa: string;
  pb: string;
  /** ip_forward in srv, read back after setup. */
  srvForwarding(): string;
  destroy(): void;
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
const inNs = (ns: string, ...cmd: string[]) =>
  execFileSync('ip', ['netns', 'exec', ns, ...cmd], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
const sysctl = (ns: string, key: string, value: string) =>
  inNs(ns, 'sh', '-c', `echo ${value} > /proc/sys/${key.replaceAll('.', '/')}`);

export function createTopology(tag: string): Topology {
  const names = { srv: `calling-srv-${tag}`, pa: `calling-pa-${tag}`, pb: `calling-pb-${tag}` };
  const created: string[] = [];
  const destroy = () => {
    for (const ns of created.splice(0).reverse()) {
      try {
        ip('netns', 'del', ns); // its veth ends (and their peers) go with it
      } catch {
        // already gone
      }
    }
  };
  try {
    for (const ns of Object.values(names)) {
      ip('netns', 'add', ns);
      created.push(ns);
      sysctl(ns, 'net.ipv6.conf.all.disable_ipv6', '1');
      sysctl(ns, 'net.ipv6.conf.default.disable_ipv6', '1');
    }
    // Only srv needs loopback (its service address lives there). A peer's `lo` stays down, so its only
    // ICE host candidate is its veth address (wrtc offers 127.0.0.1 too when lo is up).
    ip('-n', names.srv, 'link', 'set', 'lo', 'up');
    const { srv, pa, pb } = names;
    sysctl(srv, 'net.ipv4.ip_forward', '0');
    ip('-n', srv, 'addr', 'add', `${SERVICE_ADDR}/32`, 'dev', 'lo');
    for (const [peer, side, net] of [
      [pa, 'to-pa', '10.66.1'],
      [pb, 'to-pb', '10.66.2'],
    ] as const) {
      // Both ends are named inside private namespaces, so names never clash with another run's.
      ip('-n', srv, 'link', 'add', side, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', peer);
      ip('-n', srv, 'addr', 'add', `${net}.1/24`, 'dev', side);
      ip('-n', srv, 'link', 'set', side, 'up');
      ip('-n', peer, 'addr', 'add', `${net}.2/24`, 'dev', 'eth0');
      ip('-n', peer, 'link', 'set', 'eth0', 'up');
      ip('-n', peer, 'route', 'add', 'default', 'via', `${net}.1`);
    }
  } catch (err) {
    destroy();
    throw err;
  }
  return {
    ...names,
    srvForwarding: () => inNs(names.srv, 'cat', '/proc/sys/net/ipv4/ip_forward').trim(),
    destroy,
  };
}

/** coturn in the server namespace, on the service address both peers reach (no loopback peers here). */
export const startNsCoturn = (ns: string, secret: string) =>
  startCoturn({ netns: ns, secret, address: SERVICE_ADDR, port: 3478 });
