import { ConfigApi } from '@backstage/frontend-plugin-api';
import { InputError } from '@backstage/errors';
import { DemoSignInUser, demoPersonas, DemoPersona } from './DemoSignInUser';

const configKey = 'shipyard.demoSignIn.users';

function isDemoPersona(value: string): value is DemoPersona {
  return (demoPersonas as readonly string[]).includes(value);
}

/**
 * Reads the demo personas from frontend configuration. Returns `undefined`
 * when the key is absent, which is how production (GitLab sign-in) is told
 * apart from development; throws `InputError` when it is present but wrong,
 * so that a typo shows up on the sign-in page instead of an empty picker.
 */
export function readDemoSignInUsers(
  config: ConfigApi,
): DemoSignInUser[] | undefined {
  const entries = config.getOptionalConfigArray(configKey);
  if (!entries) {
    return undefined;
  }
  return entries.map((entry, index) => {
    const persona = entry.getString('persona');
    if (!isDemoPersona(persona)) {
      throw new InputError(
        `${configKey}[${index}].persona is '${persona}', expected one of ${demoPersonas.join(
          ', ',
        )}`,
      );
    }
    return {
      userRef: entry.getString('userRef'),
      persona,
      title: entry.getString('title'),
      description: entry.getString('description'),
    };
  });
}
