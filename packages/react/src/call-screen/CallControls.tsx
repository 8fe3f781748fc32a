import { StyleSheet, Text, View } from 'react-native';
import { formatDuration } from '../logic/duration';
import { callColors } from '../theme';
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
        icon="call-end"
        accessibilityLabel={`Reject call from ${who}`}
        color={callColors.danger}
        onPress={() => void call.rejectCall('declined')}
      />
      <RoundButton
        testID="call-accept"
        label="Accept"
        icon="call"
        accessibilityLabel={`Accept call from ${who}`}
        color={callColors.accept}
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
        icon="call-end"
        accessibilityLabel="Cancel call"
        color={callColors.danger}
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
          icon={call.muted ? 'mic-off' : 'mic'}
          accessibilityLabel="Mute microphone"
          color={callColors.control}
          selected={call.muted}
          onPress={call.toggleMute}
        />
        {call.speakerSupported ? (
          <RoundButton
            testID="call-speaker"
            label="Speaker"
            icon="volume-up"
            accessibilityLabel="Loudspeaker"
            color={callColors.control}
            selected={call.speakerOn}
            onPress={call.toggleSpeaker}
          />
        ) : null}
        {camera?.available ? (
          <RoundButton
            testID="call-camera"
            label="Camera"
            icon={camera.local ? 'videocam' : 'videocam-off'}
            accessibilityLabel="Camera"
            color={callColors.control}
            selected={camera.local}
            onPress={video.toggleCamera}
          />
        ) : null}
        {camera?.local && canSwitch ? (
          <RoundButton
            testID="call-switch-camera"
            label="Flip"
            icon="cameraswitch"
            accessibilityLabel={camera.facing === 'user' ? 'Switch to the back camera' : 'Switch to the front camera'}
            color={callColors.control}
            onPress={video.switchCamera}
          />
        ) : null}
      </View>
      <View style={styles.row}>
        <RoundButton
          testID="call-end"
          label="End"
          icon="call-end"
          accessibilityLabel="End call"
          color={callColors.danger}
          onPress={() => void call.endCall()}
        />
      </View>
    </View>
  );
}

const styles = StyleSheet.create({
  // Accept and reject far enough apart that a hurried thumb does not hit the wrong one.
  row: { flexDirection: 'row', justifyContent: 'center', gap: 48, marginBottom: 64 },
  // Mute, speaker, camera and flip fit a phone's width in one line; end has its own, apart from the toggles.
  toggles: { flexDirection: 'row', flexWrap: 'wrap', justifyContent: 'center', marginBottom: 24 },
  active: { alignItems: 'center' },
  timer: { color: callColors.text, fontSize: 40, fontVariant: ['tabular-nums'], marginBottom: 32 },
});
