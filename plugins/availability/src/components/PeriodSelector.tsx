import { Period } from '@internal/plugin-availability-common';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import { PERIODS, periodLabel } from '../format/periods';

/** The period the figures cover: 7, 30 or 90 days, the month or the quarter to date. */
export function PeriodSelector(props: {
  value: Period;
  onChange(period: Period): void;
}) {
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      value={props.value}
      onChange={(_, period: Period | null) => period && props.onChange(period)}
      aria-label="Period"
    >
      {PERIODS.map(period => (
        <ToggleButton key={period} value={period}>
          {periodLabel[period]}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}
