export { CallClient } from './call-client';
export type { CallQualityView } from './call-quality';
export type { CallVideoView, CameraError, CameraFacing } from './call-video';
export { endReasonForRefusal, micError } from './errors';
export { credentialsExpireAt, IceServerSource } from './ice-credentials';
export type { MessageCount } from './message-count';
export { effectiveLatencyMs, mosOf, mosOfR, type PathSample, rFactor } from './quality/e-model';
export {
  initialQuality,
  nextQuality,
  type QualityLevel,
  type QualityReason,
  type QualityState,
  reasonsOf,
} from './quality/quality-level';
export { QualityMonitor, type QualityMonitorOptions } from './quality/quality-monitor';
export { type QualitySample, qualitySample, type StatEntry, type StatsMap, statsMap } from './quality/stats-sample';
export { type QualitySummary, QualitySummaryBuilder, type Spread } from './quality/summary';
export { type CallInput, initialSnapshot, isLive, reduceCall } from './state';
export type * from './types';
export { ConnectionWatchdog } from './watchdog';
