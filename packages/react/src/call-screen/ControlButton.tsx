import type { ReactNode } from 'react';
import { Pressable, type StyleProp, type ViewStyle } from 'react-native';

export interface ControlButtonProps {
  testID: string;
  /** Spoken by screen readers (end-to-end tests find the control by it and by testID). */
  accessibilityLabel: string;
  /** A toggle's state (mute, speaker): the control is a switch; undefined for plain actions. */
  selected?: boolean;
  onPress(): void;
  /** The control's own look; pressing dims it. */
  style: StyleProp<ViewStyle>;
  children: ReactNode;
}

/**
 * What every call-screen control shares, whatever it looks like: a button (or a switch, for a toggle) with
 * its screen-reader name, and the same dimming while pressed.
 */
export function ControlButton({ testID, accessibilityLabel, selected, onPress, style, children }: ControlButtonProps) {
  return (
    <Pressable
      testID={testID}
      accessibilityRole={selected === undefined ? 'button' : 'switch'}
      accessibilityLabel={accessibilityLabel}
      aria-checked={selected}
      onPress={onPress}
      style={({ pressed }) => [style, { opacity: pressed ? 0.7 : 1 }]}
    >
      {children}
    </Pressable>
  );
}
