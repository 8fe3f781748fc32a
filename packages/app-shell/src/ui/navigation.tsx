import { Icon } from '@calling/react';
import { DarkTheme, DefaultTheme, type NativeStackNavigationOptions, type Theme } from 'expo-router';
import { useMemo } from 'react';
import { Pressable, StyleSheet } from 'react-native';
import { type Palette, usePalette } from './theme';

/** The navigation bar and screen backgrounds in the apps' palette (for expo-router's ThemeProvider). */
export function useNavigationTheme(): Theme {
  const p = usePalette();
  return useMemo(() => navigationTheme(p), [p]);
}

function navigationTheme(p: Palette): Theme {
  const base = p.scheme === 'dark' ? DarkTheme : DefaultTheme;
  return {
    ...base,
    colors: {
      primary: p.primaryText,
      background: p.background,
      card: p.card,
      text: p.text,
      border: p.border,
      notification: p.danger,
    },
  };
}

function HeaderBack({ onPress }: { onPress(): void }) {
  const p = usePalette();
  return (
    <Pressable
      testID="header-back"
      accessibilityRole="button"
      accessibilityLabel="Back"
      onPress={onPress}
      hitSlop={8}
      style={({ pressed }) => [styles.back, { opacity: pressed ? 0.6 : 1 }]}
    >
      <Icon name="arrow-back" color={p.text} testID="header-back-icon" />
    </Pressable>
  );
}

/**
 * What every screen of both apps' Stack gets: the back arrow from the apps' icon set, on every platform (the
 * swipe back of iOS still works). `<Stack screenOptions={stackScreenOptions}>`.
 */
export function stackScreenOptions({ navigation }: { navigation: { goBack(): void } }): NativeStackNavigationOptions {
  return {
    headerLeft: ({ canGoBack }) => (canGoBack ? <HeaderBack onPress={() => navigation.goBack()} /> : null),
  };
}

const styles = StyleSheet.create({ back: { padding: 8, marginLeft: 4, marginRight: 8 } });
