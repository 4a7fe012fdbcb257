import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import { SignInFrame } from './SignInFrame';

/** Shown instead of any sign-in when the demo sign-in configuration is wrong. */
export const SignInConfigError = ({ error }: { error: Error }) => (
  <SignInFrame>
    <Alert severity="error" sx={{ maxWidth: 640, mx: 'auto' }}>
      <AlertTitle>Sign-in is misconfigured</AlertTitle>
      {error.message}
    </Alert>
  </SignInFrame>
);
