import { useColorScheme } from 'react-native';
import { type Palette, palettes } from './logic/palettes';

export { callColors, type Palette, palettes } from './logic/palettes';

/**
 * The palette of the system's setting, following it while the app runs: iOS and Android's dark mode (the apps
 * declare userInterfaceStyle automatic), prefers-color-scheme on the web. No setting means light.
 */
export function usePalette(): Palette {
  return useColorScheme() === 'dark' ? palettes.dark : palettes.light;
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
