/**
 * Series colours (Tableau 10): distinct in light and dark themes. Colour only
 * tells series apart; the legend and tooltip name them.
 */
export const SERIES_COLORS = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#e15759',
  '#76b7b2',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];

export function seriesColor(index: number): string {
  return SERIES_COLORS[index % SERIES_COLORS.length];
}

/** AWS service lines most bills have, each with its own colour. */
const KNOWN_SERVICES: Record<string, number> = {
  'Amazon Elastic Container Service': 0,
  'Amazon Relational Database Service': 1,
  'Elastic Load Balancing': 2,
  'EC2 - Other': 3,
  AmazonCloudWatch: 4,
  'Amazon Elastic Compute Cloud - Compute': 5,
  'Amazon Elastic Kubernetes Service': 6,
};

/**
 * One colour per AWS service line, the same in every chart: by rank, the
 * same service was orange in prod and red in staging.
 */
export function awsServiceColor(service: string): string {
  const known = KNOWN_SERVICES[service];
  if (known !== undefined) {
    return seriesColor(known);
  }
  let hash = 0;
  for (const char of service) {
    hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  }
  return seriesColor(hash);
}
