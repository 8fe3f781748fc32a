// Tests across network namespaces (real root: `ip netns`): the topology, processes driven inside it, and the
// calling server's runner. Light on purpose: a peer process imports this, not the whole server.
export { emit, fatal, NsProcess, serve, sleep, withTimeout } from './lines';
export type { Booked, ServerReady } from './server-runner';
export { createTopology, PEER_A_ADDR, PEER_B_ADDR, SERVICE_ADDR, startNsCoturn, type Topology } from './topology';

/** The script NsProcess.start runs in the server namespace. */
export const SERVER_RUNNER = new URL('./server-runner.ts', import.meta.url);
