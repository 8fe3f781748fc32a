/** Colours and sizes shared by the call UI. */
export const colors = {
  accept: '#1f9d55',
  danger: '#d64545',
  primary: '#2563eb',
  overlay: '#0f172a',
  overlayText: '#f8fafc',
  muted: '#94a3b8',
  control: '#334155',
  controlOn: '#f8fafc',
  text: '#0f172a',
  surface: '#ffffff',
  disabled: '#cbd5e1',
} as const;
