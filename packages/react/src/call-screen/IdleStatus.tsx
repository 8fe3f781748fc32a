import type { CallPhase } from '@calling/client';
import { StyleSheet, Text, View } from 'react-native';
import { themed } from '../theme';

/** The small status line shown while no call is on: "idle", whether calls can arrive, and the last outcome. */
export function IdleStatus({
  state,
  online,
  lastCall,
}: {
  state: CallPhase;
  online: boolean;
  lastCall: string | null;
}) {
  const parts = [state, online ? 'ready for calls' : 'connecting to the call service…', lastCall]
    .filter(Boolean)
    .join(' · ');
  const styles = useStyles();
  return (
    <View style={styles.bar} pointerEvents="none">
      <Text testID="call-state" aria-live="polite" style={styles.text} numberOfLines={1}>
        {parts}
      </Text>
    </View>
  );
}

// Under every screen, so it follows the system's scheme like them (the call screen itself stays dark).
const useStyles = themed((p) =>
  StyleSheet.create({
    bar: { paddingVertical: 6, paddingHorizontal: 12, backgroundColor: p.statusBar },
    text: { color: p.subtle, fontSize: 12 },
  }),
);
