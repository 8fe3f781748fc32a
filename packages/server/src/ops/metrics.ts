import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** One registry per server instance (tests run several servers in one process). */
export function createMetrics(sources: {
  connectedSockets(): number;
  liveCallsByState(): Promise<Record<string, number>>;
}) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'calling_connected_sockets',
    help: 'Signaling sockets currently connected',
    registers: [registry],
    collect() {
      this.set(sources.connectedSockets());
    },
  });
  new Gauge({
    name: 'calling_live_calls',
    help: 'Live calls by state (cluster-wide when nodes share Redis)',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const counts = await sources.liveCallsByState();
      for (const state of ['ringing', 'connecting', 'connected']) this.set({ state }, counts[state] ?? 0);
    },
  });
  const callsEnded = new Counter({
    name: 'calling_calls_ended_total',
    help: 'Calls ended, by end reason and call status',
    labelNames: ['reason', 'status'],
    registers: [registry],
  });
  const ringToAnswer = new Histogram({
    name: 'calling_ring_to_answer_seconds',
    help: 'From call:initiate to call:accept',
    buckets: [0.5, 1, 2, 3, 5, 8, 13, 20, 30, 45, 60],
    registers: [registry],
  });
  const answerToConnected = new Histogram({
    name: 'calling_answer_to_connected_seconds',
    help: 'From call:accept to media flowing',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30],
    registers: [registry],
  });
  const refused = new Counter({
    name: 'calling_client_errors_total',
    help: 'Client events refused, by event and error code',
    labelNames: ['event', 'code'],
    registers: [registry],
  });
  const pushes = new Counter({
    name: 'calling_pushes_total',
    help: 'Pushes handed to a push service, by service, message and outcome (gone: the target was removed)',
    labelNames: ['kind', 'type', 'result'],
    registers: [registry],
  });
  const pushSeconds = new Histogram({
    name: 'calling_push_send_seconds',
    help: 'From the decision to push to the push service taking it (or refusing it)',
    labelNames: ['kind'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
    registers: [registry],
  });
  return { registry, callsEnded, ringToAnswer, answerToConnected, refused, pushes, pushSeconds };
}
export type Metrics = ReturnType<typeof createMetrics>;
