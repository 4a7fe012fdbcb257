import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';

/** Props for {@link SectionError}. */
export interface SectionErrorProps {
  /** What could not be loaded, e.g. "Could not load your team's components". */
  title: string;
  error: Error;
  onRetry(): void;
}

/** The error state of a catalog-backed home page section. */
export const SectionError = ({ title, error, onRetry }: SectionErrorProps) => (
  <Alert
    severity="error"
    action={
      <Button color="inherit" size="small" onClick={onRetry}>
        Retry
      </Button>
    }
  >
    <AlertTitle>{title}</AlertTitle>
    {error.message}
  </Alert>
);
