import { useSyncExternalStore } from 'react';
import { Appearance } from 'react-native';
import { type Palette, palettes } from './logic/palettes';

export { callColors, type Palette, palettes } from './logic/palettes';

const read = (): Palette['scheme'] => (Appearance.getColorScheme() === 'dark' ? 'dark' : 'light');
let current = read();
const screens = new Set<() => void>();
// One system listener for the whole app, added as this module loads (before any screen subscribes), which tells
// every screen itself. Not a listener per component, as react-native-web's useColorScheme has: it subscribes
// again after every render, so with React 19 (a re-render in a microtask between the media query's listeners)
// listeners came and went while the change was being delivered and some screens missed it, half the app staying
// in the old scheme. All screens read the one value, so they change together.
Appearance.addChangeListener(() => {
  current = read();
  for (const changed of [...screens]) changed();
});
const subscribe = (changed: () => void) => {
  screens.add(changed);
  return () => {
    screens.delete(changed);
  };
};
const scheme = () => current;

/**
 * The palette of the system's setting, following it while the app runs: iOS and Android's dark mode (the apps
 * declare userInterfaceStyle automatic), prefers-color-scheme on the web. No setting means light.
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
