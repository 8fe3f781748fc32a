import { Pressable, StyleSheet, Text } from 'react-native';
import { palette } from './theme';

export interface ButtonProps {
  title: string;
  onPress(): void;
  testID?: string;
  tone?: 'primary' | 'danger' | 'plain';
  disabled?: boolean;
  accessibilityLabel?: string;
}

/** The apps' one plain button. */
export function Button({ title, onPress, testID, tone = 'primary', disabled, accessibilityLabel }: ButtonProps) {
  const color = tone === 'danger' ? palette.danger : tone === 'plain' ? palette.subtle : palette.primary;
  return (
    <Pressable
      testID={testID}
      accessibilityRole="button"
      accessibilityLabel={accessibilityLabel ?? title}
      aria-disabled={!!disabled}
      disabled={disabled}
      onPress={onPress}
      style={({ pressed }) => [
        styles.button,
        { backgroundColor: tone === 'plain' ? 'transparent' : color, borderColor: color },
        { opacity: disabled ? 0.5 : pressed ? 0.75 : 1 },
      ]}
    >
      <Text style={[styles.label, { color: tone === 'plain' ? color : '#fff' }]}>{title}</Text>
    </Pressable>
  );
}

const styles = StyleSheet.create({
  button: { borderRadius: 10, borderWidth: 1, paddingVertical: 10, paddingHorizontal: 16, alignItems: 'center' },
  label: { fontSize: 15, fontWeight: '600' },
});
