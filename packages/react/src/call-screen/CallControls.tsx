import { StyleSheet, Text, View } from 'react-native';
import { formatDuration } from '../logic/duration';
import { colors } from '../theme';
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

/** Call in progress: timer, mute, speaker (iOS/Android), end. */
export function ActiveControls({ call }: { call: WebRTCCall }) {
  return (
    <View style={styles.active}>
      <Text
        testID="call-timer"
        accessibilityLabel={`Call duration ${formatDuration(call.duration)}`}
        style={styles.timer}
      >
        {formatDuration(call.duration)}
      </Text>
      <View style={styles.row}>
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
  active: { alignItems: 'center' },
  timer: { color: colors.overlayText, fontSize: 40, fontVariant: ['tabular-nums'], marginBottom: 40 },
});
