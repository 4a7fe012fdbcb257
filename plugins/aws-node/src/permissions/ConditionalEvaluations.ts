import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { chunk } from '../collectors/chunk';

/**
 * Resources per request to the permission backend: it refuses a body over
 * 100 kB (its JSON parser's default), about 500 entity refs' items.
 */
const REFS_PER_AUTHORIZE = 250;

/**
 * How long the catalog's evaluation of one set of conditions on the same
 * resources is reused (a page asks several views at once, each with the
 * same conditions; 50 readers of one team ask the same). The decision
 * itself is asked by the caller on every call; only its evaluation is
 * shared, and an ownership change shows within these seconds (the backend
 * keeps a user's groups as long).
 */
const EVALUATION_TTL_MS = 5_000;
/** A bound on the evaluations kept: one per developer and view in practice. */
const MAX_EVALUATIONS = 1_000;

/**
 * The resources a conditional decision allows, evaluated by the plugin that
 * owns them (the catalog, for entity refs) through the permission backend,
 * in batches it accepts. The same conditions of the same permission on the
 * same resources are evaluated once per few seconds and shared between
 * callers: their evaluation does not depend on who asks, only on the
 * conditions, which the policy made for the caller. A failed evaluation is
 * not kept.
 *
 * @public
 */
export class ConditionalEvaluations {
  static create(options: {
    permissions: PermissionsService;
  }): ConditionalEvaluations {
    return new ConditionalEvaluations(options.permissions);
  }

  private readonly evaluations = new Map<
    string,
    { expiresAt: number; allowed: Promise<ReadonlySet<string>> }
  >();

  private constructor(private readonly permissions: PermissionsService) {}

  /**
   * The refs of `refs` that `decision` (the caller's conditional decision
   * on `permission`) allows.
   */
  async allowedRefs(request: {
    decision: ConditionalPolicyDecision;
    permission: ResourcePermission;
    refs: readonly string[];
    credentials: BackstageCredentials;
  }): Promise<ReadonlySet<string>> {
    const { decision, permission, refs, credentials } = request;
    const key = JSON.stringify([
      decision.pluginId,
      decision.resourceType,
      permission.name,
      decision.conditions,
      refs,
    ]);
    const now = Date.now();
    let entry = this.evaluations.get(key);
    if (!entry || entry.expiresAt <= now) {
      if (this.evaluations.size >= MAX_EVALUATIONS) {
        this.evaluations.clear();
      }
      const created = {
        expiresAt: now + EVALUATION_TTL_MS,
        allowed: this.evaluate(permission, refs, credentials),
      };
      entry = created;
      this.evaluations.set(key, created);
      // A failed evaluation is not kept: the next call asks again.
      created.allowed.catch(() => {
        if (this.evaluations.get(key) === created) {
          this.evaluations.delete(key);
        }
      });
    }
    return entry.allowed;
  }

  private async evaluate(
    permission: ResourcePermission,
    refs: readonly string[],
    credentials: BackstageCredentials,
  ): Promise<ReadonlySet<string>> {
    const decisions = await Promise.all(
      chunk(refs, REFS_PER_AUTHORIZE).map(batch =>
        this.permissions.authorize(
          batch.map(resourceRef => ({ permission, resourceRef })),
          { credentials },
        ),
      ),
    );
    const allowed = decisions.flat();
    return new Set(
      refs.filter((_, i) => allowed[i].result === AuthorizeResult.ALLOW),
    );
  }
}
