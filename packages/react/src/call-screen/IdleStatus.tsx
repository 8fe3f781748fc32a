import type { CallPhase } from '@calling/client';
import { StyleSheet, Text, View } from 'react-native';
import { idleStatusLine } from '../logic/idle-words';
import { themed } from '../theme';
import { phaseAttribute } from './phase-attribute';

/**
 * The small status line shown while no call is on: whether calls can arrive, and the last outcome. The phase
 * rides along as data-phase (web) for tests and tools, not as text.
 */
export function IdleStatus({
  state,
  online,
  lastCall,
}: {
  state: CallPhase;
  online: boolean;
  lastCall: string | null;
}) {
  const styles = useStyles();
  return (
    <View style={styles.bar} pointerEvents="none">
      <Text testID="call-state" {...phaseAttribute(state)} aria-live="polite" style={styles.text} numberOfLines={1}>
        {idleStatusLine({ online, lastCall })}
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
