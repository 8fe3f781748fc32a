import { Pressable, StyleSheet, Text } from 'react-native';
import { Icon } from '../Icon';
import { callColors } from '../theme';

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
      <Icon name="volume-off" size={18} color={callColors.text} />
      <Text style={styles.text}>Ring muted · Tap to hear the ring</Text>
    </Pressable>
  );
}

const styles = StyleSheet.create({
  box: {
    alignSelf: 'center',
    flexDirection: 'row',
    alignItems: 'center',
    gap: 8,
    marginTop: 20,
    marginHorizontal: 16,
    paddingVertical: 8,
    paddingHorizontal: 14,
    borderRadius: 18,
    backgroundColor: callColors.control,
  },
  text: { color: callColors.text, fontSize: 15 },
});
