import { describe, expect, it } from 'vitest';
import { contrastRatio, luminance } from '../src/logic/contrast';
import { callColors, type Palette, palettes } from '../src/logic/palettes';

/** WCAG AA for body text. */
const readable = 4.5;

/** Every [foreground, background] pair a screen draws on each other. */
const pairs: [keyof Palette, keyof Palette][] = [
  ['text', 'background'],
  ['text', 'card'],
  ['subtle', 'background'],
  ['subtle', 'card'],
  ['subtle', 'statusBar'],
  ['primaryText', 'background'],
  ['primaryText', 'card'],
  ['dangerText', 'background'],
  ['dangerText', 'card'],
  ['onFill', 'primary'],
  ['onFill', 'accept'],
  ['onFill', 'danger'],
  ['onDisabled', 'disabled'],
];

describe('palettes', () => {
  for (const palette of Object.values(palettes)) {
    for (const [fg, bg] of pairs) {
      it(`${palette.scheme}: ${fg} on ${bg} reads (contrast ≥ ${readable})`, () => {
        expect(contrastRatio(palette[fg], palette[bg])).toBeGreaterThanOrEqual(readable);
      });
    }
  }

  it('light and dark name the same colours, and dark is dark', () => {
    expect(Object.keys(palettes.dark).sort()).toEqual(Object.keys(palettes.light).sort());
    expect(luminance(palettes.dark.background)).toBeLessThan(0.05);
    expect(luminance(palettes.dark.text)).toBeGreaterThan(0.8);
    expect(luminance(palettes.light.background)).toBeGreaterThan(0.9);
    expect(luminance(palettes.light.text)).toBeLessThan(0.05);
  });

  it('the call screen reads: its text, toggles and buttons', () => {
    const c = callColors;
    for (const [fg, bg] of [
      [c.text, c.overlay],
      [c.muted, c.overlay],
      [c.warning, c.overlay],
      [c.error, c.overlay],
      [c.text, c.control],
      [c.onControlOn, c.controlOn],
      [c.text, c.accept],
      [c.text, c.danger],
      [c.text, c.primary],
    ] as const) {
      expect(contrastRatio(fg, bg), `${fg} on ${bg}`).toBeGreaterThanOrEqual(readable);
    }
  });

  it('reads computed styles as browsers write them', () => {
    expect(contrastRatio('rgb(0, 0, 0)', 'rgba(255, 255, 255, 1)')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#777777')).toBe(1);
  });
});
