import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { StoredRollback } from '../database/RollbackStore';

/** The moment of a rollback its owners hear about. */
export type RollbackNotice = 'started' | 'succeeded' | 'failed';

/**
 * Tells the owning team that a rollback of their component started or ended,
 * linking to the component's Deployments tab. Prod rollbacks are high
 * severity. A notification that cannot be sent is logged and never fails the
 * rollback: the record and the audit log are the source of truth.
 */
export async function notifyRollback(
  deps: { notifications?: NotificationService; logger: LoggerService },
  rollback: StoredRollback,
  notice: RollbackNotice,
  options: { prod: boolean },
): Promise<void> {
  if (!deps.notifications || !rollback.owner) {
    return;
  }
  const entity = parseEntityRef(rollback.entityRef);
  const by = parseEntityRef(rollback.requestedBy).name;
  const change = `${rollback.from.imageTag ?? rollback.from.revision} → ${
    rollback.to.imageTag ?? rollback.to.revision
  }`;
  const title = {
    started: `Rollback of ${entity.name} in ${rollback.environment} started`,
    succeeded: `Rollback of ${entity.name} in ${rollback.environment} succeeded`,
    failed: `Rollback of ${entity.name} in ${rollback.environment} failed`,
  }[notice];
  const description = {
    started: `${by} rolls back ${change}: ${rollback.reason}`,
    succeeded: `${change} runs and is stable.`,
    failed: `${change}: ${rollback.error ?? 'see the rollback record'}`,
  }[notice];
  try {
    await deps.notifications.send({
      recipients: { type: 'entity', entityRef: rollback.owner },
      payload: {
        title,
        description,
        link: `/catalog/${entity.namespace}/${entity.kind.toLocaleLowerCase(
          'en-US',
        )}/${entity.name}/deployments`,
        severity: notice === 'failed' || options.prod ? 'high' : 'normal',
        topic: `deployments:${rollback.entityRef}@${rollback.environment}`,
        scope: `rollback:${rollback.id}:${notice}`,
      },
    });
  } catch (error) {
    deps.logger.warn(
      `Could not notify ${rollback.owner} that rollback ${
        rollback.id
      } ${notice}: ${stringifyError(error)}`,
    );
  }
}
