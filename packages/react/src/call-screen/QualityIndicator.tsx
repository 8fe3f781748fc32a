import type { QualityLevel } from '@calling/protocol';
import { StyleSheet, Text, View } from 'react-native';
import { qualityLines } from '../logic/quality-words';
import { callColors } from '../theme';
import { useCallQuality } from '../use-call-quality';

const dot: Record<QualityLevel, string> = { good: '#22c55e', fair: '#f59e0b', poor: '#ef4444' };

/** The live quality line in the call screen: this side's connection and, when it is poor, the other side's. */
export function QualityIndicator() {
  const view = useCallQuality();
  const lines = qualityLines(view);
  if (!lines.own && !lines.peer) return null;
  const level = view?.own?.level ?? 'good';
  return (
    <View style={styles.box}>
      {lines.own ? (
        <View style={styles.row}>
          <View style={[styles.dot, { backgroundColor: dot[level] }]} />
          <Text testID="call-quality" aria-live="polite" style={styles.text}>
            {lines.own}
          </Text>
        </View>
      ) : null}
      {lines.peer ? (
        <Text testID="call-peer-quality" aria-live="polite" style={styles.peer}>
          {lines.peer}
        </Text>
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
  box: { alignItems: 'center', marginTop: 14, marginHorizontal: 16, gap: 4 },
  row: { flexDirection: 'row', alignItems: 'center', gap: 6 },
  dot: { width: 8, height: 8, borderRadius: 4 },
  text: { color: callColors.muted, fontSize: 14 },
  peer: { color: callColors.warning, fontSize: 14, textAlign: 'center' },
});
