import { RollbackChanges } from '@internal/plugin-deployments-common';
import { StoredRevision } from '../database/DeploymentsStore';

const change = (from?: string, to?: string) =>
  from !== to ? { from: from ?? '', to: to ?? '' } : undefined;

const minus = (a: string[], b: string[]) =>
  a.filter(x => !b.includes(x)).sort();

/**
 * What rolling from one revision to another changes: image, CPU and memory,
 * and which environment variables and secrets appear or disappear, by name
 * only (values never leave AWS).
 */
export function rollbackChanges(
  from: StoredRevision | undefined,
  to: StoredRevision,
): RollbackChanges {
  const fromEnv = from?.spec.environment ?? [];
  const fromSecrets = from?.spec.secrets ?? [];
  const image = change(from?.revision.image, to.revision.image);
  const cpu = change(from?.revision.cpu, to.revision.cpu);
  const memory = change(from?.revision.memory, to.revision.memory);
  return {
    ...(image ? { image } : {}),
    ...(cpu ? { cpu } : {}),
    ...(memory ? { memory } : {}),
    environmentAdded: minus(to.spec.environment, fromEnv),
    environmentRemoved: minus(fromEnv, to.spec.environment),
    secretsAdded: minus(to.spec.secrets, fromSecrets),
    secretsRemoved: minus(fromSecrets, to.spec.secrets),
  };
}
