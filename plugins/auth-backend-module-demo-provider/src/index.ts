/**
 * Development-only sign-in as one of the demo catalog users (one per persona).
 *
 * @packageDocumentation
 */

export { authModuleDemoProvider as default } from './module';
export {
  createDemoAuthenticator,
  DEMO_USER_HEADER,
} from './createDemoAuthenticator';
export type { DemoSignInResult } from './createDemoAuthenticator';
export { readDemoSignInUsers } from './readDemoSignInUsers';
export { normalizeUserRef } from './normalizeUserRef';
