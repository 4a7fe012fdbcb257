import ArrowDownwardIcon from '@material-ui/icons/ArrowDownward';
import ArrowUpwardIcon from '@material-ui/icons/ArrowUpward';
import Box from '@mui/material/Box';
import { formatChangePercent, formatCostChange } from '../format/formatCost';

function changeColor(change: number): string {
  if (change > 0) return 'error.main';
  if (change < 0) return 'success.main';
  return 'inherit';
}

/**
 * A cost's change against a previous amount: "+$200 (+50.0 %)" with an arrow.
 * The sign and arrow carry the meaning; colour (more cost in the error
 * colour) only supplements them.
 */
export function CostChange(props: {
  current: number;
  previous?: number;
  currency: string;
  /** The amount only, without the percentage. */
  compact?: boolean;
}) {
  const { current, previous, currency } = props;
  if (previous === undefined) {
    return <>—</>;
  }
  const change = current - previous;
  const Icon = change > 0 ? ArrowUpwardIcon : ArrowDownwardIcon;
  return (
    <Box
      component="span"
      sx={{
        display: 'inline-flex',
        alignItems: 'center',
        gap: 0.5,
        whiteSpace: 'nowrap',
        fontVariantNumeric: 'tabular-nums',
        color: changeColor(change),
      }}
    >
      {change !== 0 && <Icon aria-hidden style={{ fontSize: '1em' }} />}
      {formatCostChange(change, currency)}
      {!props.compact && ` (${formatChangePercent(current, previous)})`}
    </Box>
  );
}
