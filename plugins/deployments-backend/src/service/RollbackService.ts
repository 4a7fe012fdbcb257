import { linkTagMismatches } from '@internal/plugin-aws-common';
import { expectedLinkTags } from '@internal/plugin-aws-node';
import {
  BackstageCredentials,
  BackstageUserPrincipal,
  CacheService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  stringifyError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  ShipyardEnvironment,
  ShipyardTagKeys,
} from '@internal/plugin-aws-common';
import {
  ShipyardEnvironments,
  loadShipyardComponent,
} from '@internal/plugin-aws-node';
import { Rollback, RollbackRequest } from '@internal/plugin-deployments-common';
import { DeploymentsStore } from '../database/DeploymentsStore';
import { RollbackStore, StoredRollback } from '../database/RollbackStore';
import {
  authorizeRollbacks,
  rollbackDeniedReason,
} from '../permissions/authorizeRollbacks';
import { DeploymentTargets, LiveTarget } from '../targets/DeploymentTargets';
import { RollbackNotice, notifyRollback } from './notifyRollback';
import { toRollback } from './toRollback';

/**
 * A rollback left in `requested` or `mutating` longer than this was cut off
 * (the replica stopped mid-request): the next look settles it from AWS.
 */
const INTERRUPTED_AFTER_MS = 2 * 60_000;

const FINISHED = ['succeeded', 'failed'];

type Rollout = NonNullable<Rollback['rollout']>;

/** A rollout as read from AWS and cached: what the API shows, plus what settling needs. */
type LiveRollout = Rollout & { runningId?: string; reason?: string };

interface Options {
  store: DeploymentsStore;
  rollbacks: RollbackStore;
  catalog: CatalogService;
  environments: ShipyardEnvironments;
  permissions: PermissionsService;
  targets: DeploymentTargets[];
  tagKeys: ShipyardTagKeys;
  /** Shared by replicas (Redis in production): one AWS read per target per TTL. */
  cache: CacheService;
  rolloutCacheTtlMs: number;
  logger: LoggerService;
  /** Tells the owning team when a rollback starts and ends. */
  notifications?: NotificationService;
  now?: () => Date;
}

/**
 * Rolls a component's ECS service or EKS Deployment back, and follows the
 * rollout. The order is the safety: permission, confirmation, the durable
 * intent (one running rollback per target, across replicas), a fresh read
 * of the target from AWS that must carry the entity's four link tags and lie
 * in a cluster of the environment, then the mutation. Every step is recorded
 * on the rollback, so a failure halfway says what happened.
 */
export class RollbackService {
  private readonly options: Options;
  private readonly now: () => Date;
  private readonly reading = new Map<string, Promise<LiveRollout>>();

  static create(options: Options): RollbackService {
    return new RollbackService(options);
  }

  private constructor(options: Options) {
    this.options = options;
    this.now = options.now ?? (() => new Date());
  }

  async create(request: {
    entityRef: CompoundEntityRef;
    body: RollbackRequest;
    idempotencyKey?: string;
    credentials: BackstageCredentials<BackstageUserPrincipal>;
  }): Promise<Rollback> {
    const { body } = request;
    const {
      component,
      environments: [environment],
    } = await loadShipyardComponent(this.options, {
      ...request,
      environment: body.environment,
    });

    const allowed = await authorizeRollbacks(this.options.permissions, {
      entityRef: component.ref,
      environments: [environment.name],
      credentials: request.credentials,
    });
    if (!allowed.get(environment.name)) {
      throw new NotAllowedError(
        rollbackDeniedReason(component.ref, environment.name),
      );
    }
    if (environment.tier === 'prod' && body.confirmation !== environment.name) {
      throw new InputError(
        `Rolling back in ${environment.name} (tier prod) needs confirmation: send "confirmation": "${environment.name}"`,
      );
    }

    const stored = await this.options.store.getTarget({
      entityRef: component.ref,
      environment: environment.name,
      targetId: body.target,
    });
    if (!stored) {
      throw new NotFoundError(
        `${component.ref} has no deployment target ${body.target} in ${environment.name}`,
      );
    }
    const to = await this.options.store.getRevision(body.toRevision);
    if (!to || to.targetId !== stored.target.id) {
      throw new NotFoundError(
        `${body.toRevision} is not a known revision of ${body.target}`,
      );
    }
    const from = stored.target.running;
    if (!from) {
      throw new NotFoundError(
        `${body.target} in ${environment.name} runs no known revision yet; wait for the next collection`,
      );
    }
    if (from.id === to.revision.id) {
      throw new InputError(
        `${body.target} already runs ${to.revision.revision}`,
      );
    }

    // Written before AWS is called: a crash from here on leaves a record.
    const intent = await this.options.rollbacks.createIntent({
      entityRef: component.ref,
      ...(component.owner ? { owner: component.owner } : {}),
      environment: environment.name,
      targetId: stored.target.id,
      requestedBy: request.credentials.principal.userEntityRef,
      ...(request.idempotencyKey
        ? { idempotencyKey: request.idempotencyKey }
        : {}),
      from,
      to: to.revision,
      reason: body.reason.trim(),
    });
    if (!intent.created) {
      return toRollback(intent.rollback);
    }
    const id = intent.rollback.id;
    const targets = this.targetsFor(stored.target.id);

    let live: LiveTarget;
    try {
      await this.options.rollbacks.transition(id, 'mutating', {
        message: `Reading ${stored.target.name} from AWS to check its tags`,
      });
      live = await targets.readLive({
        environment: environment.name,
        targetId: stored.target.id,
      });
    } catch (error) {
      await this.fail(id, 'Could not read the target from AWS', error);
      throw error;
    }

    const refusal = this.refusal(component, environment, live);
    if (refusal) {
      await this.fail(id, `Refused: ${refusal}`);
      throw new NotAllowedError(
        `Shipyard will not roll back ${stored.target.name}: ${refusal}`,
      );
    }

    let issued: { warning?: string };
    try {
      issued = await targets.rollback({
        environment: environment.name,
        targetId: stored.target.id,
        to,
        requestedBy: request.credentials.principal.userEntityRef,
      });
    } catch (error) {
      await this.fail(
        id,
        "AWS did not accept the rollback. The collector's next pass shows what runs.",
        error,
      );
      throw error;
    }
    const rollingOut = await this.options.rollbacks.transition(
      id,
      'rolling-out',
      {
        message: `Asked AWS to run ${
          to.revision.revision
        }; waiting for the rollout${
          issued.warning ? `. ${issued.warning}` : ''
        }`,
      },
    );
    await this.notify(rollingOut, 'started');
    return toRollback(rollingOut);
  }

  /** One rollback, with its live rollout while it runs (shared short cache). */
  async get(id: string): Promise<Rollback> {
    let stored = await this.options.rollbacks.get(id);
    if (!stored) {
      throw new NotFoundError(`No rollback ${id}`);
    }
    if (FINISHED.includes(stored.state)) {
      return toRollback(stored);
    }
    const rollout = await this.readRollout(stored);
    stored = await this.settleWith(stored, rollout);
    return { ...toRollback(stored), rollout: publicRollout(rollout) };
  }

  /**
   * Settles every unfinished rollback from AWS; the collector calls it, so
   * that rollbacks nobody watches finish too. Errors are logged per rollback.
   */
  async settleUnfinished(): Promise<void> {
    for (const stored of await this.options.rollbacks.listUnfinished()) {
      try {
        await this.settleWith(stored, await this.readRollout(stored));
      } catch (error) {
        this.options.logger.warn(
          `Could not settle rollback ${stored.id} of ${
            stored.targetId
          }: ${stringifyError(error)}`,
        );
      }
    }
  }

  private async settleWith(
    found: StoredRollback,
    rollout: LiveRollout,
  ): Promise<StoredRollback> {
    let stored = found;
    const age = this.now().getTime() - stored.updatedAt.getTime();
    const runsTarget = rollout.runningId === stored.to.id;
    if (stored.state === 'requested' || stored.state === 'mutating') {
      if (age < INTERRUPTED_AFTER_MS) {
        return stored;
      }
      if (!runsTarget) {
        return this.fail(
          stored.id,
          `Interrupted in state ${stored.state}: the backend stopped before AWS confirmed the change, and ${stored.targetId} does not run ${stored.to.revision}`,
        );
      }
      stored = await this.options.rollbacks.transition(
        stored.id,
        'rolling-out',
        {
          message: 'The mutation reached AWS before the backend stopped',
        },
      );
    }
    if (rollout.rolloutState === 'FAILED') {
      return this.finish(
        await this.fail(stored.id, 'The rollout failed', rollout.reason),
        'failed',
      );
    }
    if (rollout.rolloutState === 'COMPLETED') {
      return runsTarget
        ? this.finish(
            await this.options.rollbacks.transition(stored.id, 'succeeded', {
              message: `${stored.to.revision} runs on ${rollout.runningCount} of ${rollout.desiredCount}`,
            }),
            'succeeded',
          )
        : this.finish(
            await this.fail(
              stored.id,
              `${stored.targetId} settled on another revision than ${stored.to.revision}: someone deployed meanwhile`,
            ),
            'failed',
          );
    }
    return stored;
  }

  private async readRollout(stored: StoredRollback): Promise<LiveRollout> {
    // Per rollback: a target's previous rollback's answer (COMPLETED on its
    // revision) would fail the next one started within the TTL.
    const key = `rollout:${stored.id}`;
    const cached = await this.options.cache.get<LiveRollout>(key);
    if (cached) {
      return cached;
    }
    // Viewers that miss the cache at the same moment share this process's
    // one read instead of each calling AWS.
    let read = this.reading.get(key);
    if (!read) {
      read = this.readRolloutFromAws(stored, key).finally(() =>
        this.reading.delete(key),
      );
      this.reading.set(key, read);
    }
    return read;
  }

  private async readRolloutFromAws(
    stored: StoredRollback,
    key: string,
  ): Promise<LiveRollout> {
    const live = await this.targetsFor(stored.targetId).readLive({
      environment: stored.environment,
      targetId: stored.targetId,
    });
    const t = live.target;
    const rollout = {
      rolloutState: t.rolloutState,
      desiredCount: t.desiredCount,
      runningCount: t.runningCount,
      pendingCount: t.pendingCount,
      observedAt: this.now().toISOString(),
      ...(t.running ? { runningId: t.running.id } : {}),
      ...(t.rolloutReason ? { reason: t.rolloutReason } : {}),
    };
    await this.options.cache.set(key, rollout, {
      ttl: this.options.rolloutCacheTtlMs,
    });
    return rollout;
  }

  /** Why the live target is not this component's in this environment, if it is not. */
  private refusal(
    component: Parameters<typeof expectedLinkTags>[0],
    environment: ShipyardEnvironment,
    live: LiveTarget,
  ): string | undefined {
    const [mismatch] = linkTagMismatches(
      live.tags,
      expectedLinkTags(component, environment.name, this.options.tagKeys),
    );
    if (mismatch) {
      return mismatch.actual === undefined
        ? `it does not carry the tag ${mismatch.tag} (expected "${mismatch.expected}")`
        : `its tag ${mismatch.tag} is "${mismatch.actual}", expected "${mismatch.expected}"`;
    }
    const { accountId, region } = live.target;
    const clusters =
      live.target.kind === 'ecs-service'
        ? environment.ecsClusters
        : environment.eksClusters;
    const inEnvironment = clusters.some(
      c =>
        c.name === live.cluster &&
        c.accountId === accountId &&
        c.region === region,
    );
    if (!inEnvironment) {
      return `its cluster ${live.cluster} (${accountId}, ${region}) is not configured for ${environment.name}`;
    }
    return undefined;
  }

  /**
   * Notifies the end of a rollback that was unfinished when this call looked
   * at it. Two replicas settling it at once send the same notification
   * scope, which the notifications backend keeps as one.
   */
  private async finish(
    rollback: StoredRollback,
    notice: RollbackNotice,
  ): Promise<StoredRollback> {
    if (rollback.state === notice) {
      await this.notify(rollback, notice);
    }
    return rollback;
  }

  private async notify(
    rollback: StoredRollback,
    notice: RollbackNotice,
  ): Promise<void> {
    const prod =
      this.options.environments
        .list()
        .find(e => e.name === rollback.environment)?.tier === 'prod';
    await notifyRollback(this.options, rollback, notice, { prod });
  }

  /**
   * Fails the rollback with Shipyard's own message. What AWS or Kubernetes
   * answered (`cause`: ARNs, account ids) is kept apart on the record, for
   * callers with aws.diagnostics.read, and logged.
   */
  private fail(
    id: string,
    error: string,
    cause?: unknown,
  ): Promise<StoredRollback> {
    if (cause === undefined || cause === '') {
      return this.options.rollbacks.transition(id, 'failed', { error });
    }
    const causeText = typeof cause === 'string' ? cause : stringifyError(cause);
    this.options.logger.warn(`Rollback ${id} failed: ${error}: ${causeText}`);
    return this.options.rollbacks.transition(id, 'failed', {
      error,
      cause: causeText,
    });
  }

  private targetsFor(targetId: string): DeploymentTargets {
    const targets = this.options.targets.find(t => t.handles(targetId));
    if (!targets) {
      throw new InputError(
        `${targetId} is neither an ECS service nor an EKS Deployment`,
      );
    }
    return targets;
  }
}

function publicRollout(rollout: LiveRollout): Rollout {
  const { runningId: _r, reason: _reason, ...rest } = rollout;
  return rest;
}
