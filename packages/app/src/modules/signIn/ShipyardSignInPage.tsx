import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import { SignInPageProps } from '@backstage/plugin-app-react';
import { DemoSignInPage } from './DemoSignInPage';
import { GitlabSignInPage } from './GitlabSignInPage';
import { SignInConfigError } from './SignInConfigError';
import { readDemoSignInUsers } from './readDemoSignInUsers';
import { DemoSignInUser } from './DemoSignInUser';

/**
 * Picks the sign-in for the environment: the demo persona picker when the
 * backend publishes `shipyard.demoSignIn.users` (development), GitLab
 * otherwise (production).
 */
export const ShipyardSignInPage = (props: SignInPageProps) => {
  const configApi = useApi(configApiRef);

  let users: DemoSignInUser[] | undefined;
  try {
    users = readDemoSignInUsers(configApi);
  } catch (error) {
    return <SignInConfigError error={error as Error} />;
  }

  if (!users) {
    return <GitlabSignInPage {...props} />;
  }
  return (
    <DemoSignInPage users={users} onSignInSuccess={props.onSignInSuccess} />
  );
};
