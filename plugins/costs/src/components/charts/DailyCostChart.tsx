import { DailyCost } from '@internal/plugin-costs-common';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatCost, formatCostCompact } from '../../format/formatCost';
import { formatDay } from '../../format/formatMonth';
import { awsServiceColor } from './palette';

/** The AWS services drawn on their own; the rest are one "Other" series. */
const NAMED = 6;
const OTHER = 'Other services';

/** The most expensive AWS services over the days, and whether the rest need an "Other" series. */
export function dailySeries(days: readonly DailyCost[]): {
  services: string[];
  other: boolean;
} {
  const totals = new Map<string, number>();
  for (const day of days) {
    for (const [service, amount] of Object.entries(day.byService)) {
      totals.set(service, (totals.get(service) ?? 0) + amount);
    }
  }
  const ranked = [...totals]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([service]) => service);
  const named = ranked.length > NAMED + 1 ? ranked.slice(0, NAMED) : ranked;
  return { services: named, other: named.length < ranked.length };
}

/**
 * A service's daily cost in one environment, stacked by AWS service (Cost
 * Explorer's SERVICE dimension), most expensive at the bottom.
 */
export default function DailyCostChart(props: {
  days: DailyCost[];
  currency: string;
  environment: string;
}) {
  const theme = useTheme();
  const { days, currency } = props;
  const { services, other } = dailySeries(days);
  const data = days.map(day => {
    const point: Record<string, string | number> = { day: day.day };
    let rest = day.amount;
    for (const service of services) {
      const amount = day.byService[service] ?? 0;
      point[service] = amount;
      rest -= amount;
    }
    if (other) point[OTHER] = Math.max(0, rest);
    return point;
  });
  const axis = { fontSize: 12, fill: theme.palette.text.secondary };
  const keys = other ? [...services, OTHER] : services;

  return (
    <Box component="figure" sx={{ m: 0 }}>
      <Typography variant="subtitle2" component="figcaption">
        Daily cost by AWS service, last {days.length}{' '}
        {days.length === 1 ? 'day' : 'days'}
      </Typography>
      {days.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          No cost in {props.environment} in the last 90 days.
        </Typography>
      ) : (
        <ResponsiveContainer width="100%" height={260}>
          <BarChart
            data={data}
            margin={{ top: 8, right: 16, bottom: 0, left: 8 }}
            barCategoryGap={1}
            accessibilityLayer
          >
            <CartesianGrid stroke={theme.palette.divider} vertical={false} />
            <XAxis
              dataKey="day"
              tickFormatter={formatDay}
              tick={axis}
              minTickGap={24}
            />
            <YAxis
              tickFormatter={v => formatCostCompact(v, currency)}
              tick={axis}
              width={64}
            />
            <Tooltip
              labelFormatter={v => formatDay(String(v))}
              formatter={(v, name) => [formatCost(v as number, currency), name]}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {keys.map(key => (
              <Bar
                key={key}
                dataKey={key}
                stackId="cost"
                fill={
                  key === OTHER ? theme.palette.grey[500] : awsServiceColor(key)
                }
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      )}
    </Box>
  );
}
