import { StyleSheet, Text, View } from 'react-native';
import { Icon, type IconName } from '../Icon';
import { callColors } from '../theme';
import { ControlButton } from './ControlButton';

export interface RoundButtonProps {
  testID: string;
  label: string;
  /** What the control does, drawn in the circle (the label stays as its caption). */
  icon: IconName;
  /** Spoken by screen readers; defaults to the label. */
  accessibilityLabel?: string;
  color: string;
  /** A toggle's state (mute, speaker): on draws it inverted. Undefined for plain actions. */
  selected?: boolean;
  onPress(): void;
}

/** A round call control: its icon in the circle and its caption under it. */
export function RoundButton({ testID, label, icon, accessibilityLabel, color, selected, onPress }: RoundButtonProps) {
  return (
    <View style={styles.wrap}>
      <ControlButton
        testID={testID}
        accessibilityLabel={accessibilityLabel ?? label}
        selected={selected}
        onPress={onPress}
        style={[styles.button, { backgroundColor: selected ? callColors.controlOn : color }]}
      >
        <Icon
          name={icon}
          size={30}
          color={selected ? callColors.onControlOn : callColors.text}
          testID={`${testID}-icon`}
        />
      </ControlButton>
      <Text style={styles.caption} numberOfLines={1}>
        {label}
      </Text>
    </View>
  );
}

const styles = StyleSheet.create({
  // 64 px circles 8 px apart: four toggles fit one line of a 320 px phone (4 × 80 px).
  wrap: { alignItems: 'center', width: 80, paddingHorizontal: 8 },
  button: { width: 64, height: 64, borderRadius: 32, alignItems: 'center', justifyContent: 'center' },
  caption: { color: callColors.text, marginTop: 8, fontSize: 14 },
});
