import type { Coturn } from '@calling/server/testing';
import {
  type Booked,
  createTopology,
  NsProcess,
  PEER_A_ADDR,
  PEER_B_ADDR,
  SERVER_RUNNER,
  SERVICE_ADDR,
  type ServerReady,
  startNsCoturn,
  type Topology,
} from '@calling/server/testing/netns';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CandidateSeen, PairStats, PeerConfig, PeerReport } from './netns/peer-runner';

// Issue 5: two peers that cannot reach each other directly, both reaching TURN. Each peer (a CallClient on
// @roamhq/wrtc), the signaling server and coturn run as child processes in their own network namespaces
// (@calling/server/testing/netns), inside the loopback-only namespace scripts/run-tests.mjs gives this suite. `ip netns`
// needs real root (CI runs as root); without it the suite fails, it is never skipped. Debian's coturn
// (`turnserver`) must be installed: without it the suite fails.

const SECRET = 'netns-turn-secret';
const CONNECT_TIMEOUT_MS = 20_000;
const runner = (name: string) => new URL(`./netns/${name}`, import.meta.url);

let net: Topology;
let coturn: Coturn | null = null;
let server: NsProcess<ServerReady> | null = null;
const peers: NsProcess[] = [];
const stopPeers = () => Promise.all(peers.splice(0).map((p) => p.stop()));

/** The server (in srv) restarted with `env`; a customer in pa and a provider in pb, both online. */
async function world(env: Record<string, string>) {
  const t = Date.now();
  if (!server) throw new Error('no server');
  const srv = server;
  const { url } = await srv.request<{ url: string }>('restart', { env });
  const { customer, provider, bookingId } = await srv.request<Booked>('book');
  const peer = async (label: string, ns: string, token: string) => {
    const config: PeerConfig = { serverUrl: url, token, connectTimeoutMs: CONNECT_TIMEOUT_MS };
    const p = await NsProcess.start(label, ns, runner('peer-runner.ts'), config);
    peers.push(p);
    return p;
  };
  const [a, b] = await Promise.all([
    peer('customer', net.pa, customer.token),
    peer('provider', net.pb, provider.token),
  ]);
  console.info(`netns world up in ${Date.now() - t} ms`);
  return { server: srv, customer: a, provider: b, bookingId, url };
}

const report = (p: NsProcess) => p.request<PeerReport>('report');
const types = (cs: CandidateSeen[]) => [...new Set(cs.map((c) => c.type))].sort();
const addresses = (cs: CandidateSeen[]) => [...new Set(cs.map((c) => c.address))].sort();

describe('peers on networks that cannot reach each other (network namespaces)', () => {
  beforeAll(async () => {
    net = createTopology(`${process.pid}-${Date.now().toString(36)}`);
    coturn = await startNsCoturn(net.srv, SECRET);
    // One server for the file (the embedded database alone takes 15-20 s to start here).
    server = await NsProcess.start<ServerReady>(
      'server',
      net.srv,
      SERVER_RUNNER,
      { host: SERVICE_ADDR, env: {} },
      90_000,
    );
  }, 120_000);

  afterEach(stopPeers);
  afterAll(async () => {
    await stopPeers();
    await server?.stop();
    await coturn?.stop();
    net?.destroy();
  }, 30_000);

  it('the topology: srv does not forward between the peers; coturn listens on the address both reach', () => {
    expect(net.srvForwarding()).toBe('0');
    expect(coturn?.url).toBe(`turn:${SERVICE_ADDR}:3478?transport=udp`);
  });

  it('without TURN: the call is accepted but never connects; the client ends it as ice_failed, logged failed', async () => {
    const { server, customer, provider, bookingId, url } = await world({});
    expect(url).toBe(`http://${SERVICE_ADDR}:${new URL(url).port}`);
    const t0 = Date.now();
    await customer.request('startCall', { bookingId });
    await provider.request('waitFor', { state: 'ringing' });
    await provider.request('accept');
    // While the clients still try: checks go out on the host/host pair, and no answer ever comes back.
    await new Promise((r) => setTimeout(r, 4000));
    const trying = await Promise.all([customer, provider].map((p) => p.request<PairStats[]>('pairs')));
    const ended = await customer.request<PeerReport>(
      'waitFor',
      { state: 'ended', timeoutMs: CONNECT_TIMEOUT_MS + 10_000 },
      CONNECT_TIMEOUT_MS + 15_000,
    );
    const failedAfterMs = Date.now() - t0;
    const other = await provider.request<PeerReport>('waitFor', { state: 'ended', timeoutMs: 5000 });

    expect(ended.ended?.endReason).toBe('ice_failed');
    expect(other.ended?.endReason).toBe('ice_failed');
    for (const r of [ended, other]) {
      expect(r.states).toContain('connecting');
      expect(r.states).not.toContain('connected');
      // No STUN, no TURN: the clients were given no ICE server at all.
      expect(r.configs).toEqual([{ urls: [], hasCredential: false, policy: 'all' }]);
      expect(types(r.local)).toEqual(['host']);
      expect(types(r.remote)).toEqual(['host']);
      expect(r.refused).toEqual([]);
    }
    for (const pairs of trying) {
      expect(pairs.length).toBeGreaterThan(0);
      for (const pair of pairs) expect(pair).toMatchObject({ responsesReceived: 0 });
      expect(pairs.map((p) => p.state)).not.toContain('succeeded');
    }
    expect(trying.flat().reduce((n, p) => n + p.requestsSent, 0)).toBeGreaterThan(0);
    // Signaling worked: each side learnt the other's real address, yet no packet could get through.
    expect(addresses(ended.local)).toEqual([PEER_A_ADDR]);
    expect(addresses(ended.remote)).toEqual([PEER_B_ADDR]);
    expect(addresses(other.local)).toEqual([PEER_B_ADDR]);
    expect(addresses(other.remote)).toEqual([PEER_A_ADDR]);

    const logs = await server.request<Record<string, unknown>[]>('callLogs', { bookingId });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ call_status: 'failed', end_reason: 'ice_failed', connected_at: null });
    console.info(`netns without TURN, candidate pairs while trying: ${JSON.stringify(trying)}`);
    console.info(
      `netns without TURN: ended ice_failed ${failedAfterMs} ms after dialing; ICE states ${ended.iceStates} / ${other.iceStates}`,
    );
  }, 60_000);

  it('with TURN: the same two networks connect through coturn, audio flows both ways over a relay', async () => {
    const { server, customer, provider, bookingId } = await world({
      TURN_URLS: coturn?.url ?? '',
      TURN_SECRET: SECRET,
    });
    const t0 = Date.now();
    await customer.request('startCall', { bookingId });
    await provider.request('waitFor', { state: 'ringing' });
    await provider.request('accept');
    await customer.request('waitFor', { state: 'connected', timeoutMs: 15_000 }, 20_000);
    await provider.request('waitFor', { state: 'connected', timeoutMs: 15_000 }, 20_000);
    const connectedAfterMs = Date.now() - t0;

    for (const p of [customer, provider]) {
      const before = await p.request<{ packets: number; bytes: number }>('inboundAudio');
      await new Promise((r) => setTimeout(r, 1000));
      const after = await p.request<{ packets: number; bytes: number }>('inboundAudio');
      expect(after.packets - before.packets, `${p.label} inbound audio packets/s`).toBeGreaterThan(25);
      expect(after.bytes).toBeGreaterThan(before.bytes);
    }
    const paths = await Promise.all(
      [customer, provider].map((p) => p.request<{ local: string; remote: string } | null>('path')),
    );
    // Host<->host is impossible here, so each side's selected pair has coturn's relay at one end at least.
    for (const path of paths) {
      expect(path).not.toBeNull();
      expect([path?.local, path?.remote]).toContain('relay');
    }
    const reports = await Promise.all([report(customer), report(provider)]);
    for (const r of reports) {
      expect(r.configs).toEqual([{ urls: [coturn?.url], hasCredential: true, policy: 'all' }]);
      expect(r.iceStates).not.toContain('failed');
      expect(r.refused).toEqual([]);
    }
    // Not both sides gather a relay candidate of their own: seen here, a side whose checks against the other's
    // relay succeed first may stop gathering before its own TURN allocation (libwebrtc does not gather
    // continually by default).
    const relays = reports.flatMap((r) => r.local.filter((c) => c.type === 'relay'));
    expect(relays.length).toBeGreaterThan(0);
    expect(addresses(relays)).toEqual([SERVICE_ADDR]);

    await customer.request('end');
    await provider.request('waitFor', { state: 'ended', timeoutMs: 5000 });
    expect((await report(provider)).ended?.endReason).toBe('completed');
    const [log] = await server.request<Record<string, unknown>[]>('callLogs', { bookingId });
    expect(log).toMatchObject({ call_status: 'completed', end_reason: 'completed' });
    expect(log?.connected_at).not.toBeNull();
    console.info(`netns with TURN: connected ${connectedAfterMs} ms after dialing; paths ${JSON.stringify(paths)}`);
  }, 60_000);
});
