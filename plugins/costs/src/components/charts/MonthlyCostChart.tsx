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
import { formatMonth, formatMonthShort } from '../../format/formatMonth';
import { seriesColor } from './palette';

const FORECAST = 'Forecast to month end';

export interface MonthlyCostChartProps {
  title: string;
  currency: string;
  /** The range's months, oldest first; the last is the current one. */
  months: string[];
  estimated: boolean[];
  /** Stacked, in the order given (the first at the bottom). */
  series: { name: string; amounts: number[] }[];
  /** What Cost Explorer expects the current month to add to its cost so far. */
  forecastRemainder?: number;
  height?: number;
}

/**
 * Cost per month, stacked by series (environments, or one service), with the
 * current month's forecast on top in outline. Loaded lazily: recharts is the
 * heaviest thing on the page.
 */
export default function MonthlyCostChart(props: MonthlyCostChartProps) {
  const theme = useTheme();
  const { months, estimated, series, currency } = props;
  const last = months.length - 1;
  const data = months.map((month, i) => {
    const point: Record<string, string | number | undefined> = { month };
    for (const s of series) point[s.name] = s.amounts[i];
    if (i === last && props.forecastRemainder && props.forecastRemainder > 0) {
      point[FORECAST] = props.forecastRemainder;
    }
    return point;
  });
  const axis = { fontSize: 12, fill: theme.palette.text.secondary };
  const monthLabel = (month: string) => {
    const i = months.indexOf(month);
    if (i === last) return `${formatMonthShort(month)} (to date)`;
    return `${formatMonthShort(month)}${estimated[i] ? '*' : ''}`;
  };

  return (
    <Box component="figure" sx={{ m: 0 }}>
      <Typography variant="subtitle2" component="figcaption">
        {props.title}
      </Typography>
      <ResponsiveContainer width="100%" height={props.height ?? 260}>
        <BarChart
          data={data}
          margin={{ top: 8, right: 16, bottom: 0, left: 8 }}
          accessibilityLayer
        >
          <CartesianGrid stroke={theme.palette.divider} vertical={false} />
          <XAxis dataKey="month" tickFormatter={monthLabel} tick={axis} />
          <YAxis
            tickFormatter={v => formatCostCompact(v, currency)}
            tick={axis}
            width={64}
          />
          <Tooltip
            labelFormatter={v => formatMonth(String(v))}
            formatter={(v, name) => [formatCost(v as number, currency), name]}
          />
          {(series.length > 1 || props.forecastRemainder) && (
            <Legend wrapperStyle={{ fontSize: 12 }} />
          )}
          {series.map((s, i) => (
            <Bar
              key={s.name}
              dataKey={s.name}
              stackId="cost"
              fill={seriesColor(i)}
              isAnimationActive={false}
            />
          ))}
          {props.forecastRemainder !== undefined && (
            <Bar
              dataKey={FORECAST}
              stackId="cost"
              fill={theme.palette.action.hover}
              stroke={theme.palette.text.secondary}
              strokeDasharray="4 3"
              isAnimationActive={false}
            />
          )}
        </BarChart>
      </ResponsiveContainer>
      {estimated.some((e, i) => e && i !== last) && (
        <Typography variant="caption" color="text.secondary">
          * estimated: Cost Explorer may still revise the month.
        </Typography>
      )}
    </Box>
  );
}
