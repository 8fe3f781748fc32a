import { Pressable, StyleSheet, Text } from 'react-native';
import { colors } from '../theme';

/**
 * The ring the browser would not play before a tap (autoplay rules): said on the incoming screen, never dropped
 * silently, and a tap on it plays the ring.
 */
export function MutedRing({ onPress }: { onPress(): void }) {
  return (
    <Pressable
      testID="call-ring-muted"
      accessibilityRole="button"
      accessibilityLabel="The ring is muted by the browser: tap to hear it"
      aria-live="polite"
      onPress={onPress}
      style={({ pressed }) => [styles.box, { opacity: pressed ? 0.7 : 1 }]}
    >
      <Text style={styles.text}>Ring muted · Tap to hear the ring</Text>
    </Pressable>
  );
}

const styles = StyleSheet.create({
  box: {
    alignSelf: 'center',
    marginTop: 20,
    paddingVertical: 8,
    paddingHorizontal: 14,
    borderRadius: 18,
    backgroundColor: colors.control,
  },
  text: { color: colors.overlayText, fontSize: 15 },
});
