/**
 * Catalog module for Shipyard: environments as entities, Shipyard annotation
 * validation and component to environment relations.
 *
 * @packageDocumentation
 */

export { catalogModuleAws as default } from './module';
export { ShipyardAnnotationProcessor } from './processors/ShipyardAnnotationProcessor';
export {
  EnvironmentEntityProvider,
  ENVIRONMENT_RESOURCE_TYPE,
  ANNOTATION_ENVIRONMENT_TIER,
  ANNOTATION_ENVIRONMENT_ACCOUNTS,
  ANNOTATION_ENVIRONMENT_REGIONS,
  ANNOTATION_ENVIRONMENT_ECS_CLUSTERS,
  ANNOTATION_ENVIRONMENT_EKS_CLUSTERS,
} from './providers/EnvironmentEntityProvider';
