import MaterialIcons from '@expo/vector-icons/MaterialIcons';
import type { ComponentProps } from 'react';

/** A glyph of Material Icons, the one icon set of both apps and the call UI. */
export type IconName = ComponentProps<typeof MaterialIcons>['name'];

export interface IconProps {
  name: IconName;
  size?: number;
  color: string;
  testID?: string;
}

/**
 * An icon from @expo/vector-icons: a font glyph, so one code path draws it on iOS, Android and the web (expo-font
 * loads the font; on the web as an @font-face). Hidden from screen readers: the control around it carries the
 * words, and its caption stays beside it.
 */
export function Icon({ name, size = 24, color, testID }: IconProps) {
  return (
    <MaterialIcons
      name={name}
      size={size}
      color={color}
      testID={testID}
      aria-hidden
      accessibilityElementsHidden
      importantForAccessibility="no-hide-descendants"
    />
  );
}
