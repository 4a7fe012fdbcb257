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
import { DefaultKubernetesReader } from './DefaultKubernetesReader';
import { KubernetesReader } from './KubernetesReader';

function createFactory(
  service: ServiceRef<KubernetesReader, 'root', 'singleton'>,
): ServiceFactory<KubernetesReader, 'root', 'singleton'> {
  return createServiceFactory({
    service,
    deps: {
      config: coreServices.rootConfig,
      environments: environmentsServiceRef,
      clientFactory: awsClientFactoryServiceRef,
      counter: awsCallCounterServiceRef,
    },
    factory: ({ config, environments, clientFactory, counter }) =>
      DefaultKubernetesReader.fromConfig(config, {
        environments,
        clientFactory,
        counter,
      }),
  });
}

/**
 * Reads the Kubernetes API of the configured EKS clusters. Root scoped, as
 * the client factory it takes credentials from; it caches nothing.
 *
 * @public
 */
export const kubernetesReaderServiceRef = createServiceRef<KubernetesReader>({
  id: 'shipyard.aws.kubernetes-reader',
  scope: 'root',
  defaultFactory: async service => createFactory(service),
});

/**
 * The default factory of {@link kubernetesReaderServiceRef}.
 *
 * @public
 */
export const kubernetesReaderServiceFactory = createFactory(
  kubernetesReaderServiceRef,
);
