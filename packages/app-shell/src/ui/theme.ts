import { themed } from '@calling/react';
import { StyleSheet } from 'react-native';

export { type Palette, palettes, usePalette } from '@calling/react';

/**
 * Widest a screen's content grows: a phone's column, centred in a desktop browser window instead of lines
 * stretched across it.
 */
export const contentMaxWidth = 720;

/** The screens' shared styles in the system's scheme: `const ui = useUi()`. Colours come from @calling/react. */
export const useUi = themed((p) =>
  StyleSheet.create({
    /** A whole screen's (or the app's) area, on the scheme's background. */
    fill: { flex: 1, backgroundColor: p.background },
    screen: { padding: 16, gap: 12, width: '100%', maxWidth: contentMaxWidth, alignSelf: 'center' },
    title: { fontSize: 24, fontWeight: '700', color: p.text },
    heading: { fontSize: 17, fontWeight: '600', color: p.text, marginTop: 8 },
    text: { fontSize: 15, color: p.text },
    subtle: { fontSize: 13, color: p.subtle },
    error: { fontSize: 14, color: p.dangerText },
    card: {
      backgroundColor: p.card,
      borderRadius: 12,
      borderWidth: 1,
      borderColor: p.border,
      padding: 14,
      gap: 4,
    },
    input: {
      backgroundColor: p.card,
      color: p.text,
      borderWidth: 1,
      borderColor: p.border,
      borderRadius: 10,
      paddingHorizontal: 12,
      paddingVertical: 10,
      fontSize: 16,
    },
    row: { flexDirection: 'row', gap: 8, flexWrap: 'wrap', alignItems: 'center' },
    /** A line of text beside a switch: the text takes the room, the switch keeps its size. */
    switchRow: { flexDirection: 'row', gap: 8, alignItems: 'center', justifyContent: 'space-between' },
  }),
);
