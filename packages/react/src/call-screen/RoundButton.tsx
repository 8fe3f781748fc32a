import { StyleSheet, Text, View } from 'react-native';
import { colors } from '../theme';
import { ControlButton } from './ControlButton';

export interface RoundButtonProps {
  testID: string;
  label: string;
  /** Spoken by screen readers; defaults to the label. */
  accessibilityLabel?: string;
  color: string;
  /** A toggle's state (mute, speaker); undefined for plain actions. */
  selected?: boolean;
  onPress(): void;
}

/** A round call control with its caption under it. */
export function RoundButton({ testID, label, accessibilityLabel, color, selected, onPress }: RoundButtonProps) {
  return (
    <View style={styles.wrap}>
      <ControlButton
        testID={testID}
        accessibilityLabel={accessibilityLabel ?? label}
        selected={selected}
        onPress={onPress}
        style={[styles.button, { backgroundColor: selected ? colors.controlOn : color }]}
      >
        <Text style={[styles.glyph, selected ? { color: colors.text } : null]}>{label.slice(0, 1)}</Text>
      </ControlButton>
      <Text style={styles.caption}>{label}</Text>
    </View>
  );
}

const styles = StyleSheet.create({
  wrap: { alignItems: 'center', marginHorizontal: 10 },
  button: { width: 68, height: 68, borderRadius: 34, alignItems: 'center', justifyContent: 'center' },
  glyph: { color: colors.overlayText, fontSize: 24, fontWeight: '700' },
  caption: { color: colors.overlayText, marginTop: 8, fontSize: 14 },
});
