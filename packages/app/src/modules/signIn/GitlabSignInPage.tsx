import { SignInPage } from '@backstage/core-components';
import { gitlabAuthApiRef } from '@backstage/core-plugin-api';
import { SignInPageProps } from '@backstage/plugin-app-react';

const gitlabProvider = {
  id: 'gitlab-auth-provider',
  title: 'GitLab',
  message: 'Sign in with your GitLab account',
  apiRef: gitlabAuthApiRef,
};

/** Production sign-in: GitLab OAuth, where an existing session signs in silently. */
export const GitlabSignInPage = (props: SignInPageProps) => (
  <SignInPage
    {...props}
    title="Sign in"
    align="center"
    providers={[gitlabProvider]}
  />
);
