import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  ComponentSecurity,
  Finding,
  FindingList,
  Overview,
} from '@internal/plugin-security-common';
import { FindingsFilter } from './ScopedSecurityModel';

/** The security views as the router serves them: each for its caller. */
export interface SecurityModel {
  /**
   * @throws NotAllowedError when the caller may neither count every
   *   service's findings nor read any.
   */
  getOverview(request: {
    environment?: string;
    days: number;
    credentials: BackstageCredentials;
  }): Promise<Overview>;
  /**
   * @throws NotAllowedError when the caller may read no finding, or not the
   *   findings of the component asked for.
   */
  listFindings(request: {
    filter: FindingsFilter;
    credentials: BackstageCredentials;
  }): Promise<FindingList>;
  /** @throws NotFoundError, NotAllowedError */
  getFinding(request: {
    findingId: string;
    credentials: BackstageCredentials;
  }): Promise<Finding>;
  /**
   * @throws NotFoundError when it is not in the catalog (before any
   *   permission is asked), NotAllowedError when the caller may neither read
   *   its findings nor count the portfolio's.
   */
  getComponentSecurity(request: {
    entityRef: CompoundEntityRef;
    credentials: BackstageCredentials;
  }): Promise<ComponentSecurity>;
}
