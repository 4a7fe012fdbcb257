import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import { formatBudgetPercent } from '../format/formatBudget';

// Below this share left a service is at risk (the contract's rule).
const AT_RISK_PERCENT = 25;

/** The error budget left as a short bar and its percent; "—" without a budget. */
export function BudgetBar(props: { percent?: number }) {
  const { percent } = props;
  if (percent === undefined) {
    return <>—</>;
  }
  let colour: 'error' | 'warning' | 'success' = 'success';
  if (percent <= 0) {
    colour = 'error';
  } else if (percent < AT_RISK_PERCENT) {
    colour = 'warning';
  }
  return (
    <Box
      sx={{
        display: 'inline-flex',
        alignItems: 'center',
        gap: 1,
        justifyContent: 'flex-end',
      }}
    >
      <LinearProgress
        variant="determinate"
        color={colour}
        value={Math.min(100, Math.max(0, percent))}
        aria-hidden
        sx={{ width: 56, height: 6, borderRadius: 3 }}
      />
      <Box
        component="span"
        sx={{
          minWidth: 56,
          textAlign: 'right',
          fontVariantNumeric: 'tabular-nums',
        }}
      >
        {formatBudgetPercent(percent)}
      </Box>
    </Box>
  );
}
