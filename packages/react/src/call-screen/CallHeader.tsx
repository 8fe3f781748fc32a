import type { CallPhase } from '@calling/client';
import { StyleSheet, Text, View } from 'react-native';
import { callColors } from '../theme';
import { phaseAttribute } from './phase-attribute';

export interface CallHeaderProps {
  state: CallPhase;
  peerName: string | null;
  serviceName: string | null;
  detail: string;
}

/** Who is on the other end, about which service, and the state word (testID call-state). */
export function CallHeader({ state, peerName, serviceName, detail }: CallHeaderProps) {
  return (
    <View style={styles.header}>
      <Text testID="call-state" {...phaseAttribute(state)} aria-live="polite" style={styles.state}>
        {state}
      </Text>
      <Text style={styles.peer} accessibilityRole="header">
        {peerName ?? ' '}
      </Text>
      {serviceName ? <Text style={styles.service}>{serviceName}</Text> : null}
      {detail ? <Text style={styles.detail}>{detail}</Text> : null}
    </View>
  );
}

const styles = StyleSheet.create({
  header: { alignItems: 'center', marginTop: 72, paddingHorizontal: 16 },
  state: { color: callColors.muted, fontSize: 14, textTransform: 'uppercase', letterSpacing: 1.5 },
  peer: { color: callColors.text, fontSize: 30, fontWeight: '600', marginTop: 12, textAlign: 'center' },
  service: { color: callColors.muted, fontSize: 17, marginTop: 6 },
  detail: { color: callColors.text, fontSize: 16, marginTop: 18, textAlign: 'center' },
});
