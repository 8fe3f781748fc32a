import { StyleSheet, Text, View } from 'react-native';
import { formatDuration } from '../logic/duration';
import { colors } from '../theme';
import type { WebRTCVideo } from '../use-call-video';
import { useCameraChoice } from '../use-camera-choice';
import type { WebRTCCall } from '../use-webrtc-call';
import { RoundButton } from './RoundButton';

/** Incoming call: accept or reject. */
export function IncomingControls({ call }: { call: WebRTCCall }) {
  const who = call.peerName ?? 'caller';
  return (
    <View style={styles.row}>
      <RoundButton
        testID="call-reject"
        label="Reject"
        accessibilityLabel={`Reject call from ${who}`}
        color={colors.danger}
        onPress={() => void call.rejectCall('declined')}
      />
      <RoundButton
        testID="call-accept"
        label="Accept"
        accessibilityLabel={`Accept call from ${who}`}
        color={colors.accept}
        onPress={() => void call.acceptCall()}
      />
    </View>
  );
}

/** Outgoing call, still ringing: cancel it. */
export function OutgoingControls({ call }: { call: WebRTCCall }) {
  return (
    <View style={styles.row}>
      <RoundButton
        testID="call-end"
        label="Cancel"
        accessibilityLabel="Cancel call"
        color={colors.danger}
        onPress={() => void call.endCall()}
      />
    </View>
  );
}

/**
 * Call in progress: timer, mute, speaker (iOS/Android), camera (when the call has a video line: an older
 * peer's has none) and switching cameras while it is on (where there is another camera), end.
 */
export function ActiveControls({ call, video }: { call: WebRTCCall; video: WebRTCVideo }) {
  const camera = video.view;
  const canSwitch = useCameraChoice(camera?.local ?? false);
  return (
    <View style={styles.active}>
      <Text
        testID="call-timer"
        accessibilityLabel={`Call duration ${formatDuration(call.duration)}`}
        style={styles.timer}
      >
        {formatDuration(call.duration)}
      </Text>
      <View style={styles.toggles}>
        <RoundButton
          testID="call-mute"
          label={call.muted ? 'Unmute' : 'Mute'}
          accessibilityLabel="Mute microphone"
          color={colors.control}
          selected={call.muted}
          onPress={call.toggleMute}
        />
        {call.speakerSupported ? (
          <RoundButton
            testID="call-speaker"
            label="Speaker"
            accessibilityLabel="Loudspeaker"
            color={colors.control}
            selected={call.speakerOn}
            onPress={call.toggleSpeaker}
          />
        ) : null}
        {camera?.available ? (
          <RoundButton
            testID="call-camera"
            label="Camera"
            accessibilityLabel="Camera"
            color={colors.control}
            selected={camera.local}
            onPress={video.toggleCamera}
          />
        ) : null}
        {camera?.local && canSwitch ? (
          <RoundButton
            testID="call-switch-camera"
            label="Flip"
            accessibilityLabel={camera.facing === 'user' ? 'Switch to the back camera' : 'Switch to the front camera'}
            color={colors.control}
            onPress={video.switchCamera}
          />
        ) : null}
      </View>
      <View style={styles.row}>
        <RoundButton
          testID="call-end"
          label="End"
          accessibilityLabel="End call"
          color={colors.danger}
          onPress={() => void call.endCall()}
        />
      </View>
    </View>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', justifyContent: 'center', marginBottom: 64 },
  // Mute, speaker, camera and flip fit a phone's width in one line; end has its own, apart from the toggles.
  toggles: { flexDirection: 'row', flexWrap: 'wrap', justifyContent: 'center', marginBottom: 24 },
  active: { alignItems: 'center' },
  timer: { color: colors.overlayText, fontSize: 40, fontVariant: ['tabular-nums'], marginBottom: 32 },
});
