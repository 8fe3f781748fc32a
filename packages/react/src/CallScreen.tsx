import { useEffect, useState } from 'react';
import { StatusBar, StyleSheet, Text, View } from 'react-native';
import { ActiveControls, IncomingControls, OutgoingControls } from './call-screen/CallControls';
import { CallHeader } from './call-screen/CallHeader';
import { IdleStatus } from './call-screen/IdleStatus';
import { MutedRing } from './call-screen/MutedRing';
import { QualityIndicator } from './call-screen/QualityIndicator';
import { PeerVideo, SelfVideo } from './call-screen/VideoPanes';
import { VideoRequest } from './call-screen/VideoRequest';
import { callView, stateDetail } from './logic/call-view';
import { formatDuration } from './logic/duration';
import { callErrorWords, endReasonWords } from './logic/end-reason';
import { callColors } from './theme';
import { useCallAlerts } from './use-call-alerts';
import { useCallVideo } from './use-call-video';
import { useWebRTCCall, type WebRTCCall } from './use-webrtc-call';

function endedLine(call: WebRTCCall): string {
  const words = endReasonWords(call.endReason, { direction: call.direction, peerName: call.peerName });
  if (call.error && call.endReason !== 'completed') return `${words} (${callErrorWords(call.error.code)})`;
  return call.endReason === 'completed' && call.duration > 0 ? `${words} · ${formatDuration(call.duration)}` : words;
}

/**
 * The one global call UI, mounted once in each app's root layout: a full-screen overlay for incoming, outgoing,
 * active and just-ended calls, and a one-line status (with testID call-state) while idle.
 */
export function CallScreen() {
  const call = useWebRTCCall();
  const video = useCallVideo();
  const alerts = useCallAlerts();
  const view = callView(call.state);
  const [lastCall, setLastCall] = useState<string | null>(null);
  const ended = view === 'ended' ? endedLine(call) : null;
  useEffect(() => {
    if (ended) setLastCall(ended);
  }, [ended]);
  const idleError = view === 'none' && call.error ? callErrorWords(call.error.code) : null;

  if (view === 'none') return <IdleStatus state={call.state} online={call.online} lastCall={idleError ?? lastCall} />;
  return (
    <View
      style={styles.overlay}
      aria-modal
      accessibilityLabel={view === 'incoming' ? `Incoming call from ${call.peerName ?? 'unknown'}` : 'Call'}
    >
      {/* Over a dark screen in both schemes: the phone's clock and battery in light, while it is up. */}
      <StatusBar barStyle="light-content" />
      {/* First, so everything after it is drawn over the peer's picture. */}
      {view === 'active' ? <PeerVideo view={video.view} peerName={call.peerName} /> : null}
      <CallHeader
        state={call.state}
        peerName={call.peerName}
        serviceName={call.serviceName}
        detail={view === 'ended' ? (ended ?? '') : stateDetail(call.snapshot)}
      />
      {view === 'incoming' && alerts.ringMuted ? <MutedRing onPress={alerts.hearRing} /> : null}
      {view === 'active' ? <QualityIndicator /> : null}
      {call.muted && view === 'active' ? <Text style={styles.note}>Your microphone is muted</Text> : null}
      {view === 'active' ? <VideoRequest video={video} peerName={call.peerName} /> : null}
      {view === 'active' && video.view?.error ? (
        <Text testID="call-camera-error" aria-live="polite" style={styles.error}>
          {video.view.error.message}
        </Text>
      ) : null}
      <View style={styles.spacer} />
      <View style={styles.controls}>
        {view === 'incoming' ? <IncomingControls call={call} /> : null}
        {view === 'outgoing' ? <OutgoingControls call={call} /> : null}
        {view === 'active' ? <ActiveControls call={call} video={video} /> : null}
      </View>
      {view === 'active' ? <SelfVideo view={video.view} /> : null}
    </View>
  );
}

const styles = StyleSheet.create({
  overlay: {
    position: 'absolute',
    top: 0,
    left: 0,
    right: 0,
    bottom: 0,
    zIndex: 1000,
    elevation: 1000,
    backgroundColor: callColors.overlay,
    justifyContent: 'space-between',
  },
  controls: { alignItems: 'center' },
  note: { color: callColors.muted, textAlign: 'center', marginTop: 12 },
  error: { color: callColors.error, textAlign: 'center', marginTop: 12, marginHorizontal: 24 },
  // Takes the room between the lines at the top and the controls at the bottom (space-between would spread them).
  spacer: { flex: 1 },
});
