import { SeverityBand, TrendPoint } from '@internal/plugin-security-common';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { bandColor, bandLabel, MAIN_BANDS } from '../../format/bands';

export interface SecurityTrendChartProps {
  title: string;
  /** One point per day, oldest first. */
  trend: readonly TrendPoint[];
  height?: number;
}

function formatDay(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

/**
 * Findings active at the end of each day, stacked by band, critical at the
 * bottom where it is easiest to read. Loaded lazily: recharts is the
 * heaviest thing on the page.
 */
export default function SecurityTrendChart(props: SecurityTrendChartProps) {
  const theme = useTheme();
  const axis = { fontSize: 12, fill: theme.palette.text.secondary };
  const bands: readonly SeverityBand[] = props.trend.some(p => p.unknown > 0)
    ? [...MAIN_BANDS, 'unknown']
    : MAIN_BANDS;
  return (
    <Box component="figure" sx={{ m: 0 }}>
      <Typography variant="subtitle2" component="figcaption">
        {props.title}
      </Typography>
      {props.trend.length === 0 ? (
        <Typography variant="body2" color="text.secondary" sx={{ py: 4 }}>
          No history yet: the trend starts with the collector's first sync.
        </Typography>
      ) : (
        <ResponsiveContainer width="100%" height={props.height ?? 240}>
          <AreaChart
            data={[...props.trend]}
            margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
            accessibilityLayer
          >
            <CartesianGrid stroke={theme.palette.divider} vertical={false} />
            <XAxis
              dataKey="day"
              tickFormatter={formatDay}
              tick={axis}
              minTickGap={24}
            />
            <YAxis allowDecimals={false} tick={axis} width={40} />
            <Tooltip
              labelFormatter={v => formatDay(String(v))}
              // Most severe first, as everywhere else (recharts sorts by name).
              itemSorter={item => bands.indexOf(item.dataKey as SeverityBand)}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
            {bands.map(band => (
              <Area
                key={band}
                type="stepAfter"
                dataKey={band}
                name={bandLabel[band]}
                stackId="findings"
                stroke={bandColor[band].fill}
                fill={bandColor[band].fill}
                fillOpacity={0.75}
                isAnimationActive={false}
              />
            ))}
          </AreaChart>
        </ResponsiveContainer>
      )}
    </Box>
  );
}
