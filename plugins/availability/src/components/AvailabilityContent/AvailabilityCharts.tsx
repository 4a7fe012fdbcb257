import { ChartPoint, Period } from '@internal/plugin-availability-common';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import {
  Area,
  AreaChart,
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatAvailability } from '../../format/formatAvailability';
import { formatBudgetPercent } from '../../format/formatBudget';

const HEIGHT = 220;

// The chart's buckets are UTC hours (7d) or UTC days: labelled in UTC so a
// day is not shown as the day before west of Greenwich.
function bucketLabel(period: Period) {
  const hourly = period === '7d';
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'short',
    ...(hourly ? { hour: '2-digit', minute: '2-digit' } : {}),
  });
  return (t: string) => format.format(new Date(t));
}

function lowerBound(values: number[], target?: number): number {
  const lowest = Math.min(...values, target ?? 100);
  // Zoomed so that 99.9 and 99.95 look different, with room below the lowest point.
  const margin = Math.max(0.05, (100 - lowest) * 0.25);
  return Math.max(0, Math.floor((lowest - margin) * 100) / 100);
}

export interface AvailabilityChartsProps {
  environment: string;
  chart: ChartPoint[];
  period: Period;
  target?: number;
}

/**
 * The period's availability per bucket with the target line, and the error
 * budget's burn-down. Loaded lazily: recharts is the heaviest thing on the tab.
 */
export default function AvailabilityCharts(props: AvailabilityChartsProps) {
  const theme = useTheme();
  const { chart, target } = props;
  const label = bucketLabel(props.period);
  const values = chart
    .map(p => p.availability)
    .filter((v): v is number => v !== null);
  const hasBudget = chart.some(p => p.budgetRemainingPercent !== null);
  const grid = theme.palette.divider;
  const axis = { fontSize: 12, fill: theme.palette.text.secondary };
  const bucket = props.period === '7d' ? 'hour' : 'day';

  return (
    <Box
      sx={{
        display: 'grid',
        gap: 3,
        gridTemplateColumns: { xs: '1fr', lg: hasBudget ? '1fr 1fr' : '1fr' },
      }}
    >
      <Box component="figure" sx={{ m: 0 }}>
        <Typography variant="subtitle2" component="figcaption">
          Availability per {bucket}
          {target !== undefined && `, target ${target} %`}
        </Typography>
        {values.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            No counted data in this period.
          </Typography>
        ) : (
          <ResponsiveContainer width="100%" height={HEIGHT}>
            <LineChart
              data={chart}
              margin={{ top: 8, right: 16, bottom: 0, left: 8 }}
              accessibilityLayer
            >
              <CartesianGrid stroke={grid} vertical={false} />
              <XAxis
                dataKey="t"
                tickFormatter={label}
                tick={axis}
                minTickGap={24}
              />
              <YAxis
                domain={[lowerBound(values, target), 100]}
                tickFormatter={v => `${v} %`}
                tick={axis}
                width={64}
                allowDataOverflow
              />
              <Tooltip
                labelFormatter={v => label(String(v))}
                formatter={v => [
                  formatAvailability(v as number, target),
                  'Availability',
                ]}
              />
              {target !== undefined && (
                <ReferenceLine
                  y={target}
                  stroke={theme.palette.error.main}
                  strokeDasharray="4 4"
                  label={{
                    value: `target ${target} %`,
                    position: 'insideBottomRight',
                    fontSize: 12,
                    fill: theme.palette.text.secondary,
                  }}
                />
              )}
              <Line
                type="linear"
                dataKey="availability"
                stroke={theme.palette.primary.main}
                strokeWidth={2}
                dot={false}
                connectNulls={false}
                isAnimationActive={false}
              />
            </LineChart>
          </ResponsiveContainer>
        )}
      </Box>
      {hasBudget && (
        <Box component="figure" sx={{ m: 0 }}>
          <Typography variant="subtitle2" component="figcaption">
            Error budget left (burn-down)
          </Typography>
          <ResponsiveContainer width="100%" height={HEIGHT}>
            <AreaChart
              data={chart}
              margin={{ top: 8, right: 16, bottom: 0, left: 8 }}
              accessibilityLayer
            >
              <CartesianGrid stroke={grid} vertical={false} />
              <XAxis
                dataKey="t"
                tickFormatter={label}
                tick={axis}
                minTickGap={24}
              />
              <YAxis
                domain={[
                  (min: number) => Math.min(0, Math.floor(min / 10) * 10),
                  100,
                ]}
                tickFormatter={v => `${v} %`}
                tick={axis}
                width={64}
              />
              <Tooltip
                labelFormatter={v => label(String(v))}
                formatter={v => [
                  formatBudgetPercent(v as number),
                  'Budget left',
                ]}
              />
              <ReferenceLine y={0} stroke={theme.palette.text.secondary} />
              <Area
                type="linear"
                dataKey="budgetRemainingPercent"
                stroke={theme.palette.primary.main}
                fill={theme.palette.primary.main}
                fillOpacity={0.15}
                connectNulls={false}
                isAnimationActive={false}
              />
            </AreaChart>
          </ResponsiveContainer>
        </Box>
      )}
    </Box>
  );
}
