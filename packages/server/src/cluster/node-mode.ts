import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { ServerOptions } from 'socket.io';
import type { RelayMailbox } from '../calls/live/mailbox';
import type { LiveCallStore } from '../calls/live/store';
import type { CallService } from '../calls/service';
import type { Presence } from '../presence/presence';
import type { Signaling } from '../signaling/server';

/** How this node shares (or does not share) live calls, presence and limits with other nodes. */
export interface NodeMode {
  readonly kind: 'single' | 'cluster';
  readonly nodeId: string;
  live: LiveCallStore;
  mailbox: RelayMailbox;
  presence: Presence;
  adapter?: ServerOptions['adapter'];
  limiter(name: string, points: number, durationS: number): RateLimiterAbstract;
  /** Throws if the shared store is unreachable (for /readyz); a single node has none. */
  ping(): Promise<void>;
  /** Before the node takes sockets (a single node restores the calls it left in the database). */
  start(calls: CallService, signaling: Signaling): Promise<void>;
  /** Work for every sweep round (a cluster node lets go of dead nodes' sockets). */
  sweepExtra?(calls: CallService): Promise<void>;
  /** Graceful stop, after the last event ran. */
  stop(): Promise<void>;
}
