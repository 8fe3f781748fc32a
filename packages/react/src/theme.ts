import { useSyncExternalStore } from 'react';
import { Appearance } from 'react-native';
import { type Palette, palettes } from './logic/palettes';

export { callColors, type Palette, palettes } from './logic/palettes';

const subscribe = (changed: () => void) => {
  const subscription = Appearance.addChangeListener(changed);
  return () => subscription.remove();
};
const scheme = (): Palette['scheme'] => (Appearance.getColorScheme() === 'dark' ? 'dark' : 'light');

/**
 * The palette of the system's setting, following it while the app runs: iOS and Android's dark mode (the apps
 * declare userInterfaceStyle automatic), prefers-color-scheme on the web. No setting means light.
 * Not react-native-web's useColorScheme: it subscribes again after every render, and with React 19 the first
 * screen to re-render (in a microtask between the media query's listeners) drops the others' listeners before
 * the change reaches them, so half the screen stayed in the old scheme.
 */
export function usePalette(): Palette {
  return palettes[useSyncExternalStore(subscribe, scheme, scheme)];
}

/**
 * Styles made from a palette, built once per scheme (not on every render): `const useStyles = themed((p) =>
 * StyleSheet.create({...}))` beside a component, `const styles = useStyles()` inside it.
 */
export function themed<T>(build: (palette: Palette) => T): () => T {
  const built = new Map<Palette['scheme'], T>();
  return function useThemed() {
    const palette = usePalette();
    let styles = built.get(palette.scheme);
    if (styles === undefined) {
      styles = build(palette);
      built.set(palette.scheme, styles);
    }
    return styles;
  };
}
