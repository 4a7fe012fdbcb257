import { ReactNode } from 'react';
import LockIcon from '@material-ui/icons/Lock';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';

/** A message in place of content: why it is not shown, and what to do. */
export function Notice(props: {
  title: string;
  children: ReactNode;
  locked?: boolean;
}) {
  return (
    <Paper
      variant="outlined"
      sx={{ p: 3, display: 'flex', gap: 2, alignItems: 'flex-start' }}
    >
      {props.locked && <LockIcon color="action" aria-hidden />}
      <Box>
        <Typography variant="subtitle1" component="p" sx={{ fontWeight: 600 }}>
          {props.title}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {props.children}
        </Typography>
      </Box>
    </Paper>
  );
}
