import type { Scenario } from '../scenario/Scenario';
import {
  checkFindingsScale,
  detectorIdFor,
  guardDutyEnabled,
  securityFindings,
  type SecurityFinding,
} from '../scenario/securityFindings';

/**
 * GuardDuty's findings per account and region, seeded from the scenario on first use and
 * changed through the API (ArchiveFindings, UnarchiveFindings) and the admin API (a new
 * finding). Each sandbox has its own: two sandboxes in one process never see each other's
 * changes.
 *
 * @public
 */
export class SecurityFindingStore {
  private readonly regions = new Map<string, SecurityFinding[]>();

  private constructor(
    private readonly scenario: Scenario,
    private readonly findingsScale: number,
  ) {}

  static create(options: {
    scenario: Scenario;
    /** How many times the seeded findings are drawn; default 1. */
    findingsScale?: number;
  }): SecurityFindingStore {
    // Checked here, not on first use: a bad option fails the start, not a request.
    return new SecurityFindingStore(
      options.scenario,
      checkFindingsScale(options.findingsScale),
    );
  }

  /** The detector of the account and region; undefined where GuardDuty is off. */
  detectorId(accountId: string, region: string): string | undefined {
    return guardDutyEnabled(this.scenario, accountId, region)
      ? detectorIdFor(accountId, region)
      : undefined;
  }

  /** Every finding of the account and region, archived or not, by id. Do not change them. */
  list(accountId: string, region: string): readonly SecurityFinding[] {
    return this.region(accountId, region);
  }

  /**
   * Sets `service.archived` on the findings with these ids, as ArchiveFindings and
   * UnarchiveFindings do: updatedAt stays as it was. Unknown ids are left out.
   * @returns how many findings it found.
   */
  setArchived(
    accountId: string,
    region: string,
    ids: readonly string[],
    archived: boolean,
  ): number {
    const wanted = new Set(ids);
    let found = 0;
    for (const finding of this.region(accountId, region)) {
      if (wanted.has(finding.id)) {
        finding.service = { ...finding.service, archived };
        found += 1;
      }
    }
    return found;
  }

  /** Adds a finding (or replaces the one with its id) in its account and region. */
  add(finding: SecurityFinding) {
    const findings = this.region(finding.accountId, finding.region);
    const index = findings.findIndex(f => f.id === finding.id);
    if (index === -1) {
      const at = findings.findIndex(f => f.id > finding.id);
      findings.splice(at === -1 ? findings.length : at, 0, finding);
    } else {
      findings[index] = finding;
    }
  }

  private region(accountId: string, region: string): SecurityFinding[] {
    const key = `${accountId}/${region}`;
    let findings = this.regions.get(key);
    if (!findings) {
      findings = securityFindings(this.scenario, accountId, region, {
        findingsScale: this.findingsScale,
      });
      this.regions.set(key, findings);
    }
    return findings;
  }
}
