export interface Config {
  shipyard?: {
    demoSignIn?: {
      /**
       * Demo personas offered on the sign-in page in development, one card each. The frontend
       * only receives configuration declared by packages in its own dependency tree, so the
       * app declares what it reads; the demo auth provider module declares the same key for
       * the backend, with the same visibility.
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
