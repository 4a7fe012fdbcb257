import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  ConditionalEvaluations,
  readsDiagnostics,
} from '@internal/plugin-aws-node';
import {
  ComponentSecurity,
  Detector,
  Finding,
  FindingList,
  Overview,
  securityFindingsReadPermission,
  securityOverviewReadPermission,
} from '@internal/plugin-security-common';
import { FindingAccess, ScopedSecurityModel } from './ScopedSecurityModel';
import { SecurityModel } from './SecurityModel';

/** What the others see of a failed sync: AWS's own words name roles and accounts. */
const WITHHELD_MESSAGE =
  'The last sync of GuardDuty here failed; the reason is shown to those who may read AWS diagnostics (aws.diagnostics.read).';

const ALL: FindingAccess = { all: true };
const NONE = { all: false, entityRefs: new Set<string>() } as const;

/**
 * Decides with the caller's credentials what each view shows, and has the
 * model read only that (the server filters; lists are paged in the
 * database, so they are narrowed before they are read, not after).
 *
 * One decision on `security.findings.read` without a resource first, which
 * the policy answers outright for whole roles: ALLOW reads every finding,
 * platform findings included (SREs, security groups); DENY none (managers,
 * by default); only CONDITIONAL (a developer, by owner) asks per component,
 * in batches whose conditions the catalog evaluates (the same conditions
 * on the same components once per few seconds), and never opens the
 * platform findings. `security.overview.read` lets a caller count every
 * finding without reading them (asked only of who may not read them all).
 * Why a detector's last sync failed is AWS's own message (role ARNs,
 * account ids): only callers who may read AWS diagnostics see it, as
 * everywhere in Shipyard.
 */
export class AuthorizedSecurityModel implements SecurityModel {
  static create(options: {
    model: ScopedSecurityModel;
    permissions: PermissionsService;
  }): AuthorizedSecurityModel {
    return new AuthorizedSecurityModel(
      options,
      ConditionalEvaluations.create(options),
    );
  }

  /**
   * The overviews given, per overview of the model and what the caller may
   * see: callers of one role get the same object, which the router
   * serializes once.
   */
  private readonly overviews = new WeakMap<object, Map<string, Overview>>();

  private constructor(
    private readonly options: {
      model: ScopedSecurityModel;
      permissions: PermissionsService;
    },
    /**
     * The catalog's evaluations of a conditional decision: the Security page
     * asks for its overview and its findings at once, each with the same
     * conditions on the same components. Shared for 5 s, so an ownership
     * change shows within 5 s; the decision itself is asked on every call.
     */
    private readonly evaluations: ConditionalEvaluations,
  ) {}

  async getOverview(
    request: Parameters<SecurityModel['getOverview']>[0],
  ): Promise<Overview> {
    const { credentials } = request;
    const decision = await this.findingsDecision(credentials);
    const findings = decision.result;
    // Who reads every finding counts them all: no second question (SREs).
    const mayCount =
      findings === AuthorizeResult.ALLOW ||
      (await this.mayCountAll(credentials));
    if (!mayCount && findings === AuthorizeResult.DENY) {
      throw new NotAllowedError(
        `Not allowed to read security findings or their counts (${securityFindingsReadPermission.name}, ${securityOverviewReadPermission.name})`,
      );
    }
    let access = mayCount ? ALL : accessOf(findings);
    if (!mayCount && decision.result === AuthorizeResult.CONDITIONAL) {
      access = await this.readable(
        decision,
        await this.options.model.listComponentRefs(),
        credentials,
      );
    }
    const overview = await this.options.model.getOverview({
      environment: request.environment,
      days: request.days,
      access,
    });
    const scope = mayCount ? 'all' : 'own';
    const details = detailsOf(findings);
    const diagnostics = await this.mayReadDiagnostics(
      overview.environments,
      credentials,
    );
    let given = this.overviews.get(overview);
    if (!given) {
      given = new Map();
      this.overviews.set(overview, given);
    }
    const key = `${scope}/${details}/${diagnostics}`;
    let result = given.get(key);
    if (!result) {
      result = {
        ...overview,
        scope,
        details,
        environments: diagnostics
          ? overview.environments
          : withheldMessages(overview.environments),
      };
      given.set(key, result);
    }
    return result;
  }

  async listFindings(
    request: Parameters<SecurityModel['listFindings']>[0],
  ): Promise<FindingList> {
    const { filter, credentials } = request;
    const { model } = this.options;
    const decision = await this.findingsDecision(credentials);
    if (decision.result === AuthorizeResult.DENY) {
      throw this.notAllowed('security findings');
    }
    let access: FindingAccess = ALL;
    if (decision.result === AuthorizeResult.CONDITIONAL) {
      // Only the components the filter names are asked about.
      const refs = await model.listComponentRefs({
        owner: filter.owner,
        entityRef: filter.entityRef,
      });
      access = await this.readable(decision, refs, credentials);
      if (filter.entityRef && refs.length > 0 && access.entityRefs.size === 0) {
        // Another team's service: refused, not shown as having no findings.
        throw this.notAllowed(`the findings of ${filter.entityRef}`);
      }
    }
    return model.listFindings({ filter, access });
  }

  async getFinding(
    request: Parameters<SecurityModel['getFinding']>[0],
  ): Promise<Finding> {
    const { findingId, credentials } = request;
    const findings = (await this.findingsDecision(credentials)).result;
    if (findings === AuthorizeResult.DENY) {
      throw this.notAllowed('security findings');
    }
    const finding = await this.options.model.getFinding(findingId);
    if (!finding) {
      throw new NotFoundError(`No finding ${findingId}`);
    }
    if (findings === AuthorizeResult.ALLOW) {
      return finding;
    }
    const { entityRef } = finding.summary;
    if (!entityRef) {
      throw this.notAllowed(`platform finding ${findingId}`);
    }
    if (!(await this.allows(entityRef, credentials))) {
      throw this.notAllowed(`the findings of ${entityRef}`);
    }
    return finding;
  }

  async getComponentSecurity(
    request: Parameters<SecurityModel['getComponentSecurity']>[0],
  ): Promise<ComponentSecurity> {
    const { credentials } = request;
    const { model } = this.options;
    // Not found is the same answer for everyone, before any decision.
    const entityRef = await model.findComponent(request);
    let details: boolean;
    if (await this.allows(entityRef, credentials)) {
      details = true;
    } else if (await this.mayCountAll(credentials)) {
      details = false;
    } else {
      throw this.notAllowed(`the findings of ${entityRef}`);
    }
    const security = await model.getComponentSecurity({ entityRef, details });
    return (await this.mayReadDiagnostics(security.environments, credentials))
      ? security
      : {
          ...security,
          environments: withheldMessages(security.environments),
        };
  }

  /** Whether the caller may read the detectors' failure messages (asked only when there are some). */
  private async mayReadDiagnostics(
    environments: ReadonlyArray<{ detectors: Detector[] }>,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const failed = environments.some(e => e.detectors.some(d => d.message));
    return !failed || readsDiagnostics(this.options.permissions, credentials);
  }

  private async findingsDecision(
    credentials: BackstageCredentials,
  ): Promise<PolicyDecision> {
    const [decision] = await this.options.permissions.authorizeConditional(
      [{ permission: securityFindingsReadPermission }],
      { credentials },
    );
    return decision;
  }

  private async mayCountAll(
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const [decision] = await this.options.permissions.authorize(
      [{ permission: securityOverviewReadPermission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  /**
   * The components of `refs` the caller may read under a conditional
   * decision: the catalog evaluates its conditions on each (the same
   * conditions on the same components once per few seconds).
   */
  private async readable(
    decision: ConditionalPolicyDecision,
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<{ all: false; entityRefs: ReadonlySet<string> }> {
    const entityRefs = await this.evaluations.allowedRefs({
      decision,
      permission: securityFindingsReadPermission,
      refs,
      credentials,
    });
    return { all: false, entityRefs };
  }

  private async allows(
    resourceRef: string,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const [decision] = await this.options.permissions.authorize(
      [{ permission: securityFindingsReadPermission, resourceRef }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  private notAllowed(what: string): NotAllowedError {
    return new NotAllowedError(
      `Not allowed to read ${what} (${securityFindingsReadPermission.name})`,
    );
  }
}

/** The environments with each failed detector's message replaced by one that names no internals. */
function withheldMessages<T extends { detectors: Detector[] }>(
  environments: T[],
): T[] {
  return environments.map(environment => ({
    ...environment,
    detectors: environment.detectors.map(detector =>
      detector.message ? { ...detector, message: WITHHELD_MESSAGE } : detector,
    ),
  }));
}

/** The access of a decision made outright; a conditional one reads nothing yet. */
function accessOf(decision: AuthorizeResult): FindingAccess {
  return decision === AuthorizeResult.ALLOW ? ALL : NONE;
}

function detailsOf(decision: AuthorizeResult): Overview['details'] {
  if (decision === AuthorizeResult.ALLOW) {
    return 'all';
  }
  return decision === AuthorizeResult.CONDITIONAL ? 'own' : 'none';
}
