export interface Config {
  shipyard?: {
    demoSignIn?: {
      /**
       * Development only: the catalog users offered on the sign-in page, one card each, and
       * the only users the `demo` auth provider (auth.providers.demo) signs in as; any other
       * user ref is refused. Declared here, once, because the frontend only receives
       * configuration that its own dependencies declare; the backend reads it too.
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
         * What this persona does, in a sentence.
         * @visibility frontend
         */
        description: string;
      }>;
    };
  };
}
