import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';

/** The loading state of a catalog-backed home page section. */
export const SectionLoading = ({ label }: { label: string }) => (
  <Box sx={{ py: 2 }}>
    <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
      {label}
    </Typography>
    <LinearProgress aria-label={label} />
  </Box>
);
