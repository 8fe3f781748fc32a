import { Pressable, StyleSheet, Text, View } from 'react-native';
import { Icon } from './Icon';
import { callButtonBlock } from './logic/call-button';
import { themed, usePalette } from './theme';
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
  small: { paddingVertical: 6, paddingHorizontal: 12, fontSize: 14, icon: 16 },
  medium: { paddingVertical: 10, paddingHorizontal: 18, fontSize: 16, icon: 20 },
  large: { paddingVertical: 14, paddingHorizontal: 26, fontSize: 19, icon: 24 },
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
  const palette = usePalette();
  const styles = useStyles();
  const block = callButtonBlock({ bookingId, callable, disabledReason, snapshot: call.snapshot });
  const s = sizes[size];
  const primary = variant === 'primary';
  const tint = block ? palette.disabled : palette.accept;
  // On its own fill the words are white (grey when it cannot call); an outline button's are its tint.
  const ink = primary ? (block ? palette.onDisabled : palette.onFill) : block ? palette.onDisabled : palette.accept;
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
        <Icon name="call" size={s.icon} color={ink} testID="call-button-icon" />
        <Text style={{ fontSize: s.fontSize, fontWeight: '600', color: ink }}>{label}</Text>
      </Pressable>
      {block ? (
        <Text testID="call-button-reason" style={styles.reason}>
          {block}
        </Text>
      ) : null}
    </View>
  );
}

const useStyles = themed((p) =>
  StyleSheet.create({
    wrap: { alignItems: 'flex-start' },
    button: { borderRadius: 999, borderWidth: 2, flexDirection: 'row', alignItems: 'center', gap: 8 },
    reason: { color: p.subtle, fontSize: 13, marginTop: 6 },
  }),
);
