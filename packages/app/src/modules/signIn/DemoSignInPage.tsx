import { useCallback, useMemo, useState } from 'react';
import { ProxiedSignInPage } from '@backstage/core-components';
import { IdentityApi } from '@backstage/frontend-plugin-api';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Grid from '@mui/material/Grid';
import Typography from '@mui/material/Typography';
import { DemoSignInError } from './DemoSignInError';
import { DemoSignInUser } from './DemoSignInUser';
import { PersonaCard } from './PersonaCard';
import { SignInFrame } from './SignInFrame';
import { demoPersonaDetails } from './demoPersonaDetails';
import { demoSignInChoice } from './demoSignInChoice';
import { withSignOutHook } from './withSignOutHook';

/** The auth provider id that the backend's demo provider module registers. */
export const DEMO_AUTH_PROVIDER_ID = 'demo';

/** The header through which the demo provider learns whom to sign in. */
export const DEMO_USER_HEADER = 'x-shipyard-demo-user';

/** Props for {@link DemoSignInPage}. */
export interface DemoSignInPageProps {
  users: DemoSignInUser[];
  onSignInSuccess(identityApi: IdentityApi): void;
}

/**
 * Development sign-in: one card per configured demo user. Choosing one signs
 * in through the backend's `demo` proxy provider, which trusts the header;
 * the backend only installs that provider outside production.
 */
export const DemoSignInPage = ({
  users,
  onSignInSuccess,
}: DemoSignInPageProps) => {
  const [chosen, setChosen] = useState<DemoSignInUser | undefined>(() => {
    const remembered = demoSignInChoice.get();
    return users.find(user => user.userRef === remembered);
  });
  // Bumped by "Try again": ProxiedSignInPage signs in once per mount.
  const [attempt, setAttempt] = useState(0);

  const choose = useCallback((user: DemoSignInUser) => {
    demoSignInChoice.set(user.userRef);
    setChosen(user);
  }, []);

  const chooseAnother = useCallback(() => {
    demoSignInChoice.clear();
    setChosen(undefined);
  }, []);

  const handleSuccess = useCallback(
    (identityApi: IdentityApi) =>
      onSignInSuccess(withSignOutHook(identityApi, demoSignInChoice.clear)),
    [onSignInSuccess],
  );

  const ErrorComponent = useMemo(
    () =>
      chosen
        ? ({ error }: { error?: Error }) => (
            <DemoSignInError
              user={chosen}
              error={error}
              onRetry={() => setAttempt(n => n + 1)}
            />
          )
        : undefined,
    [chosen],
  );

  if (chosen) {
    return (
      <SignInFrame>
        <Card variant="outlined" sx={{ maxWidth: 560, mx: 'auto' }}>
          <CardContent>
            <Typography variant="h6" component="h2" gutterBottom>
              Signing in as {chosen.title}
            </Typography>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
              {demoPersonaDetails[chosen.persona].label} · {chosen.description}
            </Typography>
            <ProxiedSignInPage
              key={attempt}
              provider={DEMO_AUTH_PROVIDER_ID}
              headers={{ [DEMO_USER_HEADER]: chosen.userRef }}
              onSignInSuccess={handleSuccess}
              ErrorComponent={ErrorComponent}
            />
            <Box sx={{ mt: 2, textAlign: 'right' }}>
              <Button size="small" onClick={chooseAnother}>
                Choose another user
              </Button>
            </Box>
          </CardContent>
        </Card>
      </SignInFrame>
    );
  }

  return (
    <SignInFrame subtitle="Demo sign-in. Choose who you want to be: the home page and what you are allowed to do follow that person's team and role.">
      {users.length === 0 ? (
        <Alert severity="warning" sx={{ maxWidth: 560, mx: 'auto' }}>
          No demo users are configured: <code>shipyard.demoSignIn.users</code>{' '}
          is empty.
        </Alert>
      ) : (
        <Grid container spacing={3} justifyContent="center">
          {users.map(user => (
            <Grid item key={user.userRef} xs={12} sm={6} md={4}>
              <PersonaCard user={user} onSignIn={choose} />
            </Grid>
          ))}
        </Grid>
      )}
    </SignInFrame>
  );
};
