import type { PushKind } from '@calling/protocol';
import type { PushRing } from '../calls/engine/push-ring';
import type { Logger } from '../ops/logger';
import type { Metrics } from '../ops/metrics';
import { type PushTargetsRepo, pushAddressOf, type StoredPushTarget } from '../store/push-targets';
import type { PushSender } from './sender';

export interface PushRingerDeps {
  targets: PushTargetsRepo;
  /** The services this server has credentials for; a target of another kind is never pushed to. */
  senders: Partial<Record<PushKind, PushSender>>;
  logger: Logger;
  metrics: Metrics;
}

/** Carries the engine's push rings to the push services, and forgets the targets they say are gone. */
export class PushRinger {
  constructor(private readonly deps: PushRingerDeps) {}

  /** Whether this person has a device this server can wake. */
  async canRing(userId: string): Promise<boolean> {
    return (await this.reachableTargets(userId)).length > 0;
  }

  /** Every push of the ring; never throws (a push that failed is logged and counted). */
  async deliver(ring: PushRing): Promise<void> {
    try {
      const targets = (await this.reachableTargets(ring.userId)).filter((t) => t.deviceId !== ring.exceptDeviceId);
      await Promise.all(targets.map((t) => this.push(t, ring)));
    } catch (err) {
      this.deps.logger.warn({ callId: ring.message.callId, err: (err as Error).message }, 'push failed');
    }
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.deps.senders).map((s) => s.close().catch(() => {})));
  }

  private async reachableTargets(userId: string): Promise<StoredPushTarget[]> {
    return (await this.deps.targets.ofUser(userId)).filter((t) => this.deps.senders[t.kind]);
  }

  private async push(target: StoredPushTarget, ring: PushRing) {
    const sender = this.deps.senders[target.kind] as PushSender;
    const { metrics, logger } = this.deps;
    const stop = metrics.pushSeconds.startTimer({ kind: target.kind });
    const outcome = await sender
      .send({ target, message: ring.message, expiresAt: ring.expiresAt })
      .catch((err: Error) => ({ result: 'failed' as const, reason: err.message }));
    stop();
    metrics.pushes.inc({ kind: target.kind, type: ring.message.type, result: outcome.result });
    const log = { callId: ring.message.callId, kind: target.kind, type: ring.message.type, deviceId: target.deviceId };
    if (outcome.result === 'gone') {
      await this.deps.targets.removeAddress(target.kind, pushAddressOf(target));
      logger.info(log, 'push target gone: removed');
    } else if (outcome.result === 'failed') logger.warn({ ...log, reason: outcome.reason }, 'push failed');
    else logger.debug(log, 'push sent');
  }
}
