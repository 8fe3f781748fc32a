/**
 * WCAG 2 contrast between two colours, for holding the palettes (unit test) and the rendered pages (E2E) to
 * readable text. Takes '#rrggbb' as the palettes write it and 'rgb(r, g, b)' / 'rgba(…)' as browsers report a
 * computed style.
 */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Relative luminance: 0 for black, 1 for white. */
export function luminance(color: string): number {
  const [r, g, b] = channels(color).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function channels(color: string): number[] {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (hex) return hex.slice(1).map((h) => Number.parseInt(h, 16));
  const rgb = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/i.exec(color);
  if (rgb) return rgb.slice(1).map(Number);
  throw new Error(`not a colour this reads: ${color}`);
}
