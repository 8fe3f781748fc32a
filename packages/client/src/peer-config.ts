import type { IceServer } from '@calling/protocol';

/**
 * A call's RTCPeerConnection configuration. `gatherEarly`: gathering starts the moment the connection exists
 * (a pool of one), not at setLocalDescription: the caller's relay candidate is ready when the call is answered.
 * (Chromium does not use the pool of a connection that answers: a ringing receiver gathers by applying its
 * answer instead.)
 */
export function peerConfig(iceServers: IceServer[], relayOnly: boolean, gatherEarly = false): RTCConfiguration {
  return {
    iceServers: iceServers as RTCIceServer[],
    iceTransportPolicy: relayOnly ? 'relay' : 'all',
    // Audio and the idle video line share one transport: one set of candidates, one TURN allocation.
    bundlePolicy: 'max-bundle',
    ...(gatherEarly ? { iceCandidatePoolSize: 1 } : {}),
  };
}
