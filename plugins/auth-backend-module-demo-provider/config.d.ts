export interface Config {
  auth?: {
    providers?: {
      /**
       * Development-only sign-in as one of `shipyard.demoSignIn.users`. The provider is active
       * only when this key is present, and the backend refuses to start with it when
       * `auth.environment` is `production`. It takes no options.
       */
      demo?: {};
    };
  };
  // `shipyard.demoSignIn.users`, which this provider accepts, is declared once, by packages/app's
  // config.d.ts: the frontend only receives configuration its own dependencies declare.
}
