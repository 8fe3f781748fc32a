export { CallClient } from './call-client';
export { endReasonForRefusal, micError } from './errors';
export { credentialsExpireAt, IceServerSource } from './ice-credentials';
export type { MessageCount } from './message-count';
export { type CallInput, initialSnapshot, isLive, reduceCall } from './state';
export type * from './types';
export { ConnectionWatchdog } from './watchdog';
