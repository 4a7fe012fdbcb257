import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { normalizeUserRef } from './normalizeUserRef';

const CONFIG_KEY = 'shipyard.demoSignIn.users';

/**
 * Reads the entity refs of the users allowed to sign in through the demo provider, normalised
 * so that they compare with what the browser sends.
 *
 * @public
 */
export function readDemoSignInUsers(config: Config): string[] {
  const users = config.getOptionalConfigArray(CONFIG_KEY) ?? [];
  if (users.length === 0) {
    throw new InputError(
      `The demo auth provider is configured but ${CONFIG_KEY} lists nobody to sign in as`,
    );
  }
  return users.map((user, index) => {
    const ref = user.getString('userRef');
    try {
      return normalizeUserRef(ref);
    } catch (error) {
      throw new InputError(
        `${CONFIG_KEY}[${index}].userRef '${ref}' is not a user entity ref: ${error}`,
      );
    }
  });
}
