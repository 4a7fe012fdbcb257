import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import { MONTH_CHOICES, MonthChoice } from '../format/months';

/** The range the figures cover: 3, 6 or 12 calendar months, the current one included. */
export function MonthsSelector(props: {
  value: MonthChoice;
  onChange(months: MonthChoice): void;
}) {
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      value={props.value}
      onChange={(_, months: MonthChoice | null) =>
        months && props.onChange(months)
      }
      aria-label="Months"
    >
      {MONTH_CHOICES.map(months => (
        <ToggleButton key={months} value={months}>
          {months} months
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}
