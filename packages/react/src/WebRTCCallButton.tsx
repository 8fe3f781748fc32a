import { Pressable, StyleSheet, Text, View } from 'react-native';
import { callButtonBlock } from './logic/call-button';
import { colors } from './theme';
import { useWebRTCCall } from './use-webrtc-call';

export interface WebRTCCallButtonProps {
  bookingId: string;
  size?: 'small' | 'medium' | 'large';
  variant?: 'primary' | 'outline';
  /** Whether the booking allows calls now (accepted or in progress). */
  callable?: boolean;
  /** Shown instead of calling, with the button disabled. */
  disabledReason?: string;
  /** Whom the call goes to, for the label ("Call Pete"). */
  peerName?: string;
}

const sizes = {
  small: { paddingVertical: 6, paddingHorizontal: 12, fontSize: 14 },
  medium: { paddingVertical: 10, paddingHorizontal: 18, fontSize: 16 },
  large: { paddingVertical: 14, paddingHorizontal: 26, fontSize: 19 },
} as const;

/** Calls the other party of a booking; disabled, with the reason under it, when it cannot. */
export function WebRTCCallButton({
  bookingId,
  size = 'medium',
  variant = 'primary',
  callable,
  disabledReason,
  peerName,
}: WebRTCCallButtonProps) {
  const call = useWebRTCCall();
  const block = callButtonBlock({ bookingId, callable, disabledReason, snapshot: call.snapshot });
  const s = sizes[size];
  const primary = variant === 'primary';
  const tint = block ? colors.disabled : colors.accept;
  const label = peerName ? `Call ${peerName}` : 'Call';
  return (
    <View style={styles.wrap}>
      <Pressable
        testID="call-button"
        accessibilityRole="button"
        accessibilityLabel={label}
        accessibilityHint={block ?? 'Starts a private voice call; your phone number stays hidden'}
        aria-disabled={block !== null}
        disabled={block !== null}
        onPress={() => void call.startCall(bookingId)}
        style={({ pressed }) => [
          styles.button,
          {
            paddingVertical: s.paddingVertical,
            paddingHorizontal: s.paddingHorizontal,
            backgroundColor: primary ? tint : 'transparent',
            borderColor: tint,
            opacity: pressed ? 0.7 : 1,
          },
        ]}
      >
        <Text style={{ fontSize: s.fontSize, fontWeight: '600', color: primary ? colors.surface : tint }}>{label}</Text>
      </Pressable>
      {block ? (
        <Text testID="call-button-reason" style={styles.reason}>
          {block}
        </Text>
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
  wrap: { alignItems: 'flex-start' },
  button: { borderRadius: 999, borderWidth: 2, alignItems: 'center' },
  reason: { color: colors.muted, fontSize: 13, marginTop: 6 },
});
