import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** One static token of the production overlay, with a value of the test's own. */
export type ProductionServiceToken = {
  subject: string;
  token: string;
  /** The entry as backend.auth.externalAccess takes it, the token substituted. */
  externalAccess: {
    type: 'static';
    options: { token: string; subject: string };
    accessRestrictions?: unknown[];
  };
};

/**
 * The static service tokens app-config.production.yaml gives callers outside
 * the portal, each with the restrictions written there and a random token in
 * place of its `${...}` placeholder, so that the tests attack what production
 * configures rather than a copy of it.
 */
export function readProductionServiceTokens(): ProductionServiceToken[] {
  const file = path.resolve(
    __dirname,
    '../../../../app-config.production.yaml',
  );
  const config = parse(fs.readFileSync(file, 'utf8'));
  const entries: any[] = config.backend?.auth?.externalAccess ?? [];
  return entries
    .filter(entry => entry.type === 'static')
    .map(entry => {
      const token = randomBytes(24).toString('base64url');
      return {
        subject: entry.options.subject,
        token,
        externalAccess: {
          ...entry,
          options: { ...entry.options, token },
        },
      };
    });
}
