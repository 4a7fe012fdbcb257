import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  ServiceFactory,
  ServiceRef,
} from '@backstage/backend-plugin-api';
import { awsCallCounterServiceRef } from '../clients/awsCallCounterServiceRef';
import { awsClientFactoryServiceRef } from '../clients/awsClientFactoryServiceRef';
import { environmentsServiceRef } from '../environments/environmentsServiceRef';
import { DefaultKubernetesDeploymentWriter } from './DefaultKubernetesDeploymentWriter';
import { KubernetesDeploymentWriter } from './KubernetesDeploymentWriter';

function createFactory(
  service: ServiceRef<KubernetesDeploymentWriter, 'root', 'singleton'>,
): ServiceFactory<KubernetesDeploymentWriter, 'root', 'singleton'> {
  return createServiceFactory({
    service,
    deps: {
      config: coreServices.rootConfig,
      environments: environmentsServiceRef,
      clientFactory: awsClientFactoryServiceRef,
      counter: awsCallCounterServiceRef,
    },
    factory: ({ config, environments, clientFactory, counter }) =>
      DefaultKubernetesDeploymentWriter.fromConfig(config, {
        environments,
        clientFactory,
        counter,
      }),
  });
}

/**
 * Patches Deployments on the configured EKS clusters. Root scoped, as the
 * client factory it takes credentials from. Permission checks and audit are
 * the caller's: this service only talks to the API server.
 *
 * @public
 */
export const kubernetesDeploymentWriterServiceRef =
  createServiceRef<KubernetesDeploymentWriter>({
    id: 'shipyard.aws.kubernetes-deployment-writer',
    scope: 'root',
    defaultFactory: async service => createFactory(service),
  });

/**
 * The default factory of {@link kubernetesDeploymentWriterServiceRef}.
 *
 * @public
 */
export const kubernetesDeploymentWriterServiceFactory = createFactory(
  kubernetesDeploymentWriterServiceRef,
);
