import { StyleSheet } from 'react-native';

export const palette = {
  background: '#f8fafc',
  card: '#ffffff',
  border: '#e2e8f0',
  text: '#0f172a',
  subtle: '#64748b',
  primary: '#2563eb',
  danger: '#d64545',
  success: '#1f9d55',
} as const;

export const ui = StyleSheet.create({
  screen: { padding: 16, gap: 12 },
  title: { fontSize: 24, fontWeight: '700', color: palette.text },
  heading: { fontSize: 17, fontWeight: '600', color: palette.text, marginTop: 8 },
  text: { fontSize: 15, color: palette.text },
  subtle: { fontSize: 13, color: palette.subtle },
  error: { fontSize: 14, color: palette.danger },
  card: {
    backgroundColor: palette.card,
    borderRadius: 12,
    borderWidth: 1,
    borderColor: palette.border,
    padding: 14,
    gap: 4,
  },
  input: {
    backgroundColor: palette.card,
    borderWidth: 1,
    borderColor: palette.border,
    borderRadius: 10,
    paddingHorizontal: 12,
    paddingVertical: 10,
    fontSize: 16,
  },
  row: { flexDirection: 'row', gap: 8, flexWrap: 'wrap', alignItems: 'center' },
});
