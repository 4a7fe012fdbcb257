import { SeverityBand, SeverityCounts } from '@internal/plugin-security-common';

/** How each band is named on screen. */
export const bandLabel: Record<SeverityBand, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  unknown: 'Unknown',
};

/**
 * One colour per band, the same in chips, counts and charts, readable in the
 * light and dark themes; each with the text colour that contrasts with it.
 * Colour only repeats the band's label, which is always written.
 */
export const bandColor: Record<SeverityBand, { fill: string; text: string }> = {
  critical: { fill: '#8e0000', text: '#ffffff' },
  high: { fill: '#d84315', text: '#ffffff' },
  medium: { fill: '#f9a825', text: '#000000' },
  low: { fill: '#1565c0', text: '#ffffff' },
  unknown: { fill: '#757575', text: '#ffffff' },
};

/** The bands shown even at zero; `unknown` (a malformed finding) only when some are. */
export const MAIN_BANDS: readonly SeverityBand[] = [
  'critical',
  'high',
  'medium',
  'low',
];

/** The bands worth showing for these counts. */
export function visibleBands(counts: SeverityCounts): SeverityBand[] {
  return counts.unknown > 0 ? [...MAIN_BANDS, 'unknown'] : [...MAIN_BANDS];
}

export function totalFindings(counts: SeverityCounts): number {
  return (
    counts.critical + counts.high + counts.medium + counts.low + counts.unknown
  );
}
