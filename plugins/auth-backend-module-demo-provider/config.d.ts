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
  shipyard?: {
    demoSignIn?: {
      /**
       * The catalog users that the demo sign-in may sign in as, one card each on the sign-in page.
       * Any other user ref is refused.
       * @visibility frontend
       */
      users?: Array<{
        /**
         * Entity ref of the catalog user, e.g. `user:default/ana.lima`.
         * @visibility frontend
         */
        userRef: string;
        /**
         * Which audience of the portal the user stands for.
         * @visibility frontend
         */
        persona: 'developer' | 'sre' | 'manager';
        /**
         * The card's heading, e.g. `Ana Lima, developer`.
         * @visibility frontend
         */
        title: string;
        /**
         * What this persona can do, in a sentence.
         * @visibility frontend
         */
        description: string;
      }>;
    };
  };
}
