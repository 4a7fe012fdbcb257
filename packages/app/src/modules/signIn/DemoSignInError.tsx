import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { isError } from '@backstage/errors';
import { DemoSignInUser } from './DemoSignInUser';

/** Props for {@link DemoSignInError}. */
export interface DemoSignInErrorProps {
  user: DemoSignInUser;
  error?: Error;
  onRetry(): void;
}

/**
 * What went wrong, in the server's words when it gave any: a ResponseError's
 * own message only repeats the status code, its cause carries the reason.
 */
function describe(error: Error | undefined): string {
  if (!error) {
    return 'The sign-in request failed.';
  }
  if (isError(error.cause) && error.cause.message) {
    return `${error.cause.message} (${error.message})`;
  }
  return error.message;
}

/** Shown when the demo auth provider refuses or cannot be reached. */
export const DemoSignInError = ({
  user,
  error,
  onRetry,
}: DemoSignInErrorProps) => (
  <Alert severity="error" sx={{ textAlign: 'left' }}>
    <AlertTitle>Could not sign in as {user.title}</AlertTitle>
    <Typography variant="body2" sx={{ mb: 1 }}>
      {describe(error)}
    </Typography>
    <Typography variant="body2" color="text.secondary">
      The demo auth provider signs in <code>{user.userRef}</code>. Check that
      the backend is running and that this user exists in the catalog.
    </Typography>
    <Box sx={{ mt: 2 }}>
      <Button variant="contained" color="error" onClick={onRetry}>
        Try again
      </Button>
    </Box>
  </Alert>
);
