import { InfoCard } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { rootRouteRef } from '../../routes';
import { RecentOperationsList } from '../RecentOperationsList';

/** The environment entity's name is the environment's name (the catalog module makes them so). */
export function EnvironmentDeploymentsCard() {
  const { entity } = useEntity();
  const environment = entity.metadata.name;
  const deploymentsLink = useRouteRef(rootRouteRef);
  return (
    <InfoCard
      title="Recent deployments"
      subheader={`Deployments and rollbacks in ${environment}, newest first`}
      deepLink={
        deploymentsLink
          ? {
              title: 'All operations',
              link: `${deploymentsLink()}?environment=${encodeURIComponent(
                environment,
              )}`,
            }
          : undefined
      }
    >
      <RecentOperationsList
        filter={{ environment }}
        limit={10}
        emptyState={`No deployments or rollbacks recorded in ${environment} yet`}
      />
    </InfoCard>
  );
}
