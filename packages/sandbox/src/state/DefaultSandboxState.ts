import type { Scenario } from '../scenario/Scenario';
import { isBadImageTag } from './crashLoop';
import { RepositoryStore } from './RepositoryStore';
import { SecurityFindingStore } from './SecurityFindingStore';
import type { SandboxState } from './SandboxState';
import { ServiceStore } from './ServiceStore';
import { TagIndex } from './TagIndex';
import { TaskDefinitionStore } from './TaskDefinitionStore';

/** @public */
export class DefaultSandboxState implements SandboxState {
  private constructor(
    readonly rolloutSeconds: number,
    readonly services: ServiceStore,
    readonly taskDefinitions: TaskDefinitionStore,
    readonly repositories: RepositoryStore,
    readonly tags: TagIndex,
    readonly securityFindings: SecurityFindingStore,
    private readonly scenario: Scenario,
    private readonly now: () => Date,
  ) {}

  static create(options: {
    scenario: Scenario;
    rolloutSeconds: number;
    now: () => Date;
    /** How many times the seeded GuardDuty findings are drawn; default 1. */
    findingsScale?: number;
  }): DefaultSandboxState {
    const { scenario, rolloutSeconds } = options;
    return new DefaultSandboxState(
      rolloutSeconds,
      ServiceStore.create({ scenario, rolloutSeconds }),
      TaskDefinitionStore.create({ scenario }),
      RepositoryStore.create({ scenario }),
      TagIndex.create({ resources: scenario.taggedResources }),
      SecurityFindingStore.create({
        scenario,
        findingsScale: options.findingsScale,
      }),
      scenario,
      options.now,
    );
  }

  isDegraded(serviceId: string, at: Date = this.now()): boolean {
    const view = this.services.rollout(serviceId, at);
    return (
      view.deployments.some(
        d => d.status === 'PRIMARY' && isBadImageTag(d.imageTag),
      ) || this.degradedFraction(serviceId, at) > 0
    );
  }

  degradedFraction(serviceId: string, at: Date = this.now()): number {
    const windowEnd = new Date(at.getTime() + 1);
    if (
      this.scenario
        .windowsFor(serviceId, at, windowEnd)
        .some(w => w.kind === 'bad-deployment')
    ) {
      return 1;
    }
    const view = this.services.rollout(serviceId, at);
    if (view.runningCount === 0) {
      return 0;
    }
    const bad = view.deployments
      .filter(d => isBadImageTag(d.imageTag))
      .reduce((sum, d) => sum + d.runningCount, 0);
    return bad / view.runningCount;
  }
}
