import { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';

/** A headline figure: its label, the value in tabular digits, and a note under it. */
export function Figure(props: {
  label: string;
  value: ReactNode;
  note?: ReactNode;
}) {
  return (
    <Box role="group" aria-label={props.label}>
      <Typography variant="overline" color="text.secondary" component="div">
        {props.label}
      </Typography>
      <Typography
        variant="h5"
        component="div"
        sx={{ fontWeight: 700, fontVariantNumeric: 'tabular-nums' }}
      >
        {props.value}
      </Typography>
      {props.note && (
        <Typography variant="body2" color="text.secondary" component="div">
          {props.note}
        </Typography>
      )}
    </Box>
  );
}
