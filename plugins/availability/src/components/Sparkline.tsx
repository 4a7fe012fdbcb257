import { useTheme } from '@mui/material/styles';
import { formatAvailability } from '../format/formatAvailability';

const WIDTH = 96;
const HEIGHT = 24;
const PAD = 2;

/**
 * A day-by-day availability line, drawn as plain SVG: a table shows one per
 * row, and a chart library per row would cost more than the whole table.
 * Days without data break the line; the target is a dashed line.
 */
export function Sparkline(props: {
  values: readonly (number | null)[];
  target?: number;
}) {
  const theme = useTheme();
  const { values, target } = props;
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) {
    return (
      <span aria-label="No daily data" role="img">
        —
      </span>
    );
  }
  const lowest = Math.min(...known, target ?? 100);
  // Leave room under the lowest point so that a flat 100 % is not drawn on the edge.
  const floor = Math.max(0, lowest - Math.max(0.05, (100 - lowest) * 0.2));
  const x = (i: number) =>
    PAD +
    (values.length === 1 ? 0 : (i * (WIDTH - 2 * PAD)) / (values.length - 1));
  const y = (v: number) =>
    PAD + ((100 - v) * (HEIGHT - 2 * PAD)) / (100 - floor || 1);

  const segments: string[] = [];
  let current: string[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (current.length) segments.push(current.join(' '));
      current = [];
    } else {
      current.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
    }
  });
  if (current.length) segments.push(current.join(' '));

  const worst = Math.min(...known);
  return (
    <svg
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={`Daily availability over ${
        values.length
      } days, lowest ${formatAvailability(worst, target)}`}
      style={{ display: 'block' }}
    >
      {target !== undefined && (
        <line
          x1={PAD}
          x2={WIDTH - PAD}
          y1={y(target)}
          y2={y(target)}
          stroke={theme.palette.text.disabled}
          strokeDasharray="2 2"
          strokeWidth={1}
        />
      )}
      {segments.map(points =>
        points.includes(' ') ? (
          <polyline
            key={points}
            points={points}
            fill="none"
            stroke={theme.palette.primary.main}
            strokeWidth={1.5}
          />
        ) : (
          <circle
            key={points}
            cx={points.split(',')[0]}
            cy={points.split(',')[1]}
            r={1.5}
            fill={theme.palette.primary.main}
          />
        ),
      )}
    </svg>
  );
}
