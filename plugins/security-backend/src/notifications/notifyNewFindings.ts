import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import { SecurityStore, StoredFinding } from '../database/SecurityStore';
import {
  SecurityComponent,
  SecurityComponentDirectory,
} from '../service/SecurityComponents';

type Severity = NotificationSendOptions['payload']['severity'];

/**
 * Tells the owning team and the notify groups of each new high or critical
 * finding (the collector hands over those of a component, once its
 * detector's first import is done), one notification per finding, linking
 * to the service's Security tab; then marks the ones sent as notified. The
 * scope is the finding's own, so two replicas sending the same one make one
 * notification. A finding whose tag value no catalog component holds has no
 * team: the groups alone hear of it, with a link to it on the Security page.
 *
 * @throws when a notification could not be sent (after sending the others),
 *   so that the collector's run says so.
 */
export async function notifyNewFindings(
  deps: {
    notifications: NotificationService;
    store: SecurityStore;
    components: { directory(): Promise<SecurityComponentDirectory> };
    logger: LoggerService;
    /** From `shipyard.security.notify.groups` (readNotifyGroups). */
    notifyGroups: string[];
  },
  findings: StoredFinding[],
): Promise<void> {
  if (findings.length === 0) {
    return;
  }
  const directory = await deps.components.directory();
  const results = await Promise.allSettled(
    findings.map(async finding => {
      const component = finding.component
        ? directory.byTagValue.get(finding.component)
        : undefined;
      const recipients = [
        ...new Set([
          ...(component?.owner ? [component.owner] : []),
          ...deps.notifyGroups,
        ]),
      ];
      if (recipients.length === 0) {
        return false;
      }
      await deps.notifications.send({
        recipients: { type: 'entity', entityRef: recipients },
        payload: payloadOf(finding, component),
      });
      return true;
    }),
  );

  const sent = findings.filter((_, i) => {
    const result = results[i];
    return result.status === 'fulfilled' && result.value;
  });
  if (sent.length > 0) {
    await deps.store.markNotified(
      sent.map(({ accountId, region, id }) => ({ accountId, region, id })),
      new Date(),
    );
  }
  const failed = results.flatMap((result, i) =>
    result.status === 'rejected' ? [{ finding: findings[i], result }] : [],
  );
  for (const { finding, result } of failed) {
    deps.logger.warn(
      `Could not notify of GuardDuty finding ${finding.id} (account ${
        finding.accountId
      }, ${finding.region}): ${stringifyError(result.reason)}`,
    );
  }
  if (failed.length > 0) {
    throw new Error(
      `${failed.length} of ${findings.length} new findings could not be notified; see the log`,
    );
  }
}

function payloadOf(
  finding: StoredFinding,
  component: SecurityComponent | undefined,
): NotificationSendOptions['payload'] {
  const service = component
    ? parseEntityRef(component.entityRef).name
    : finding.component ?? 'an unattributed resource';
  const band = finding.band === 'critical' ? 'Critical' : 'High';
  const severity: Severity = finding.band === 'critical' ? 'critical' : 'high';
  return {
    title: `${band} GuardDuty finding ${
      finding.type ?? 'of an unknown type'
    } on ${service} in ${finding.environment}`,
    description: [finding.title, `Resource: ${finding.resourceLabel}.`]
      .filter(Boolean)
      .join(' '),
    link: component
      ? securityTabOf(component.entityRef)
      : `/security?finding=${encodeURIComponent(finding.id)}`,
    severity,
    topic: `security:${component?.entityRef ?? 'platform'}@${
      finding.environment
    }`,
    scope: `guardduty:${finding.accountId}/${finding.region}/${finding.id}`,
  };
}

function securityTabOf(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${namespace}/${kind.toLocaleLowerCase(
    'en-US',
  )}/${name}/security`;
}
