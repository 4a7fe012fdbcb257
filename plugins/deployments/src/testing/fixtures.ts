import {
  ComponentDeployments,
  DeploymentsClient,
  DeploymentTarget,
  EnvironmentDeployments,
  Operation,
  Revision,
  Rollback,
  RollbackPlan,
} from '@internal/plugin-deployments-common';
import { minutesAgo } from '@internal/shipyard-react/testing';

// Test data shaped as the deployments backend answers, for the plugin's tests.

export function revision(
  tag: string,
  rev: number,
  extra: Partial<Revision> = {},
): Revision {
  return {
    id: `arn:aws:ecs:eu-west-1:222222222222:task-definition/checkout-api:${rev}`,
    revision: `checkout-api:${rev}`,
    image: `222222222222.dkr.ecr.eu-west-1.amazonaws.com/checkout-api:${tag}`,
    imageTag: tag,
    imageDigest: `sha256:${String(rev).padStart(
      2,
      '0',
    )}4f1c2a9b8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1`,
    gitSha: `${rev}a1b2c3d4e5f60718293a4b5c6d7e8f9012345678`.slice(0, 40),
    cpu: '512',
    memory: '1024',
    deployedAt: minutesAgo(60 * rev),
    deployedBy: 'gitlab-ci',
    ...extra,
  };
}

export const v140 = revision('1.40.0', 40);
export const v141 = revision('1.41.0', 41, { deployedBy: 'sam.okafor' });
export const v142 = revision('1.42.0', 42);

export function target(
  environment: string,
  running: Revision,
  extra: Partial<DeploymentTarget> = {},
): DeploymentTarget {
  return {
    id: `arn:aws:ecs:eu-west-1:222222222222:service/${environment}-apps/checkout-api`,
    kind: 'ecs-service',
    cluster: `${environment}-apps`,
    name: 'checkout-api',
    accountId: '222222222222',
    region: 'eu-west-1',
    running,
    rolloutState: 'COMPLETED',
    desiredCount: 3,
    runningCount: 3,
    pendingCount: 0,
    history: [running, v140],
    events: [{ at: minutesAgo(5), message: 'service reached a steady state' }],
    failures: [],
    ...extra,
  };
}

export function environmentDeployments(
  name: 'dev' | 'staging' | 'prod',
  targets: DeploymentTarget[],
  extra: Partial<EnvironmentDeployments> = {},
): EnvironmentDeployments {
  const titles = { dev: 'Development', staging: 'Staging', prod: 'Production' };
  return {
    environment: { name, title: titles[name], tier: name },
    collectedAt: minutesAgo(2),
    targets,
    rollback: { allowed: true },
    ...extra,
  };
}

/** checkout-api: staging on 1.42.0, prod behind on 1.41.0 and where the developer may not roll back. */
export const checkoutDeployments: ComponentDeployments = {
  entityRef: 'component:default/checkout-api',
  items: [
    environmentDeployments('dev', [
      target('dev', v142, {
        mismatches: [
          {
            tag: 'shipyard:owner',
            expected: 'team-storefront',
            actual: 'team-payments',
          },
        ],
      }),
    ]),
    environmentDeployments('staging', [
      target('staging', v142, {
        history: [v142, v141, v140],
        failures: [
          {
            id: 'task/abc',
            at: minutesAgo(30),
            reason: 'Essential container in task exited',
            container: 'app',
            exitCode: 137,
            revision: 'checkout-api:42',
          },
        ],
      }),
    ]),
    environmentDeployments(
      'prod',
      [target('prod', v141, { history: [v141, v140] })],
      {
        drift: {
          comparedTo: 'staging',
          imageTag: '1.41.0',
          newerImageTag: '1.42.0',
        },
        rollback: {
          allowed: false,
          reason:
            'Developers may roll back in dev and staging only; ask an SRE',
        },
      },
    ),
  ],
};

export function rollbackPlan(extra: Partial<RollbackPlan> = {}): RollbackPlan {
  return {
    environment: { name: 'staging', title: 'Staging', tier: 'staging' },
    target: checkoutDeployments.items[1].targets[0].id,
    from: v142,
    to: v141,
    candidates: [v141, v140],
    changes: {
      image: { from: v142.image, to: v141.image },
      memory: { from: '1024', to: '512' },
      environmentAdded: [],
      environmentRemoved: ['FEATURE_FAST_CHECKOUT'],
      secretsAdded: [],
      secretsRemoved: ['STRIPE_WEBHOOK_SECRET'],
    },
    confirmationRequired: false,
    ...extra,
  };
}

export function rollbackRecord(extra: Partial<Rollback> = {}): Rollback {
  return {
    id: '0b6c7d1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e',
    entityRef: 'component:default/checkout-api',
    environment: 'staging',
    target: checkoutDeployments.items[1].targets[0].id,
    from: v142,
    to: v141,
    reason: 'p99 latency doubled after 1.42.0',
    requestedBy: 'user:default/sam.okafor',
    requestedAt: minutesAgo(0),
    state: 'requested',
    steps: [{ state: 'requested', at: minutesAgo(0) }],
    ...extra,
  };
}

export function operation(extra: Partial<Operation> = {}): Operation {
  return {
    id: 'op-1',
    type: 'deployment',
    entityRef: 'component:default/checkout-api',
    owner: 'group:default/team-storefront',
    environment: 'prod',
    target: checkoutDeployments.items[2].targets[0].id,
    revision: v141,
    at: minutesAgo(90),
    by: 'gitlab-ci',
    ...extra,
  };
}

/** Every method of the client as a jest mock; a test sets the answers it needs. */
export function mockDeploymentsApi() {
  const api = {
    getComponentDeployments: jest.fn(),
    getRollbackPlan: jest.fn(),
    createRollback: jest.fn(),
    getRollback: jest.fn(),
    listOperations: jest.fn(),
    getDoraFigures: jest.fn(),
  };
  return {
    mocks: api,
    api: api as Partial<DeploymentsClient> as DeploymentsClient,
  };
}
