import type { ReactNode } from 'react';
import { RefreshControl, ScrollView } from 'react-native';
import { usePalette, useUi } from './theme';

/** A scrolling screen body, its content a centred column (see contentMaxWidth); pull-to-refresh with `onRefresh`. */
export function Screen({
  children,
  refreshing = false,
  onRefresh,
}: {
  children: ReactNode;
  refreshing?: boolean;
  onRefresh?: () => void;
}) {
  const ui = useUi();
  const p = usePalette();
  return (
    <ScrollView
      style={ui.fill}
      contentContainerStyle={ui.screen}
      keyboardShouldPersistTaps="handled"
      refreshControl={
        onRefresh ? (
          <RefreshControl refreshing={refreshing} onRefresh={onRefresh} tintColor={p.subtle} colors={[p.primary]} />
        ) : undefined
      }
    >
      {children}
    </ScrollView>
  );
}
