/** The personas the demo sign-in offers, one per audience of the portal. */
export const demoPersonas = ['developer', 'sre', 'manager'] as const;

/** @see demoPersonas */
export type DemoPersona = (typeof demoPersonas)[number];

/**
 * One entry of `shipyard.demoSignIn.users`: a catalog user that the demo
 * auth provider signs in when the frontend sends its reference.
 */
export interface DemoSignInUser {
  /** Full entity reference of the catalog user, e.g. `user:default/ana.lima`. */
  userRef: string;
  persona: DemoPersona;
  /** Who the user is, e.g. "Ana Lima". */
  title: string;
  /** One line about the user's job, e.g. "Developer on the storefront team". */
  description: string;
}
