/**
 * The one colour definition of both apps and the call UI: a light and a dark palette with the same names, picked
 * by the system's setting (see theme.ts), and the call screen's colours. Pure data, so a unit test can hold every
 * pair drawn on each other to a readable contrast.
 */
export interface Palette {
  scheme: 'light' | 'dark';
  /** Behind every screen (and the page's body on the web). */
  background: string;
  /** Cards, inputs, the navigation bar. */
  card: string;
  border: string;
  text: string;
  /** Secondary lines: dates, hints, reasons. */
  subtle: string;
  /** Filled buttons; their text and icon are `onFill`. */
  primary: string;
  accept: string;
  danger: string;
  onFill: string;
  /** Primary and danger as text (plain buttons, errors) on `background` or `card`. */
  primaryText: string;
  dangerText: string;
  /** A button that cannot be pressed: its fill and its text. */
  disabled: string;
  onDisabled: string;
  /** The one-line call status under every screen. */
  statusBar: string;
}

export const palettes: Record<Palette['scheme'], Palette> = {
  light: {
    scheme: 'light',
    background: '#f8fafc',
    card: '#ffffff',
    border: '#e2e8f0',
    text: '#0f172a',
    subtle: '#5b6b80',
    primary: '#2563eb',
    accept: '#15803d',
    danger: '#c53030',
    onFill: '#ffffff',
    primaryText: '#1d4ed8',
    dangerText: '#b91c1c',
    disabled: '#e2e8f0',
    onDisabled: '#475569',
    statusBar: '#f1f5f9',
  },
  dark: {
    scheme: 'dark',
    background: '#0b1120',
    card: '#1e293b',
    border: '#334155',
    text: '#f1f5f9',
    subtle: '#94a3b8',
    primary: '#2563eb',
    accept: '#15803d',
    danger: '#c53030',
    onFill: '#ffffff',
    primaryText: '#93c5fd',
    dangerText: '#fca5a5',
    disabled: '#334155',
    onDisabled: '#cbd5e1',
    statusBar: '#111827',
  },
};

/**
 * The call screen is dark in both schemes, as phones' own call screens are: the peer's video is drawn behind its
 * text and controls, and only light text reads over a picture. So it has one set of colours, not two; its accept
 * and end buttons share the palettes' fills.
 */
export const callColors = {
  overlay: '#0f172a',
  text: '#f8fafc',
  muted: '#94a3b8',
  accept: palettes.light.accept,
  danger: palettes.light.danger,
  primary: palettes.light.primary,
  /** The round toggles (mute, speaker, camera) while off. */
  control: '#334155',
  /** A toggle while on: inverted, its icon in `onControlOn`. */
  controlOn: '#f8fafc',
  onControlOn: '#0f172a',
  /** The other side can't hear well. */
  warning: '#fbbf24',
  error: '#fca5a5',
  /** A question over the video ("… turned on their camera"): see-through. */
  panel: 'rgba(15, 23, 42, 0.85)',
} as const;
