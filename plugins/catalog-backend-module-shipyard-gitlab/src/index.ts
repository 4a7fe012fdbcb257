/**
 * Catalog module for Shipyard's GitLab org ingestion: group names that keep the GitLab path
 * unambiguous, and no role for the root group.
 *
 * @packageDocumentation
 */

export { catalogModuleShipyardGitlab as default } from './module';
export { gitlabGroupEntityName } from './gitlabGroupEntityName';
export { groupNameTransformer } from './groupNameTransformer';
export { groupEntitiesTransformer } from './groupEntitiesTransformer';
export { userTransformer } from './userTransformer';
export { assertRootGroupHoldsNoRole } from './assertRootGroupHoldsNoRole';
