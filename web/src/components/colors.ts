// Colours: fixed ones for priorities (matching the labels' CSS), a palette for other values.

export const PRIORITY_COLORS: Record<string, string> = {
  Emergency: '#7f1d1d',
  Alert: '#b91c1c',
  Critical: '#dc2626',
  Error: '#ea580c',
  Warning: '#d97706',
  Notice: '#2563eb',
  Informational: '#0d9488',
  Debug: '#6b7280',
};

const PALETTE = [
  '#2563eb',
  '#d97706',
  '#059669',
  '#dc2626',
  '#7c3aed',
  '#0891b2',
  '#db2777',
  '#65a30d',
  '#9333ea',
  '#475569',
];
export const OTHER_COLOR = '#a8a29e';

export const paletteColor = (i: number): string => PALETTE[i % PALETTE.length]!;
