import { Icon, type IconName } from '@calling/react';
import { Pressable, StyleSheet, Text } from 'react-native';
import { usePalette } from './theme';

export interface ButtonProps {
  title: string;
  onPress(): void;
  /** Drawn before the title: what the action is at a glance (the title stays, for words and screen readers). */
  icon?: IconName;
  testID?: string;
  tone?: 'primary' | 'danger' | 'plain';
  disabled?: boolean;
  accessibilityLabel?: string;
}

/** The apps' one plain button. */
export function Button({ title, onPress, icon, testID, tone = 'primary', disabled, accessibilityLabel }: ButtonProps) {
  const p = usePalette();
  const fill = tone === 'danger' ? p.danger : p.primary;
  // A plain button is words on the screen's own background: primary's text colour, made to read on it.
  const ink = tone === 'plain' ? p.primaryText : p.onFill;
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
        { backgroundColor: tone === 'plain' ? 'transparent' : fill, borderColor: tone === 'plain' ? p.border : fill },
        { opacity: disabled ? 0.5 : pressed ? 0.75 : 1 },
      ]}
    >
      {icon ? <Icon name={icon} size={18} color={ink} testID={testID ? `${testID}-icon` : undefined} /> : null}
      <Text style={[styles.label, { color: ink }]}>{title}</Text>
    </Pressable>
  );
}

const styles = StyleSheet.create({
  button: {
    flexDirection: 'row',
    alignItems: 'center',
    justifyContent: 'center',
    gap: 6,
    borderRadius: 10,
    borderWidth: 1,
    paddingVertical: 10,
    paddingHorizontal: 16,
  },
  label: { fontSize: 15, fontWeight: '600' },
});
