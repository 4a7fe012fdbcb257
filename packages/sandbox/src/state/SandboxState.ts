import type { RepositoryStore } from './RepositoryStore';
import type { SecurityFindingStore } from './SecurityFindingStore';
import type { ServiceStore } from './ServiceStore';
import type { TagIndex } from './TagIndex';
import type { TaskDefinitionStore } from './TaskDefinitionStore';

/**
 * The sandbox's mutable world, seeded from the scenario and changed through the API.
 *
 * @public
 */
export interface SandboxState {
  /** How long a rollout takes from start to COMPLETED. */
  readonly rolloutSeconds: number;
  readonly services: ServiceStore;
  readonly taskDefinitions: TaskDefinitionStore;
  readonly repositories: RepositoryStore;
  readonly tags: TagIndex;
  /** GuardDuty's findings, archived and unarchived through the API. */
  readonly securityFindings: SecurityFindingStore;

  /**
   * Whether the service misbehaves at `at` (default now): while its PRIMARY deployment or any of
   * its running tasks uses an image whose tag contains `bad`, until another deployment has
   * fully replaced it; or inside one of the scenario's bad-deployment windows.
   */
  isDegraded(serviceId: string, at?: Date): boolean;

  /**
   * The share (0..1) of the service's running tasks on a bad image at `at` (default now), 1
   * inside a scenario bad-deployment window. Metrics scale their error rate by it.
   */
  degradedFraction(serviceId: string, at?: Date): number;
}
