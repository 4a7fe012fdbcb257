import { createPermissionRule } from '@backstage/plugin-permission-node';
import { SHIPYARD_TIERS } from '@internal/plugin-aws-common';
import { DEPLOYMENT_ENVIRONMENT_RULES } from '@internal/plugin-deployments-common';
import { z } from 'zod';
import { deploymentEnvironmentResourceRef } from './deploymentEnvironmentResourceRef';

// Rollback decisions are only ever applied to one loaded resource; there is
// no list of deployment environments to filter in a query.
const noQuery = (): never => {
  throw new Error('deployment-environment rules cannot be turned into queries');
};

/** The component is owned by one of the claims (the user's ownership refs). */
export const isComponentOwnerRule = createPermissionRule({
  name: DEPLOYMENT_ENVIRONMENT_RULES.isOwner,
  description: 'The component is owned by one of the given entity refs',
  resourceRef: deploymentEnvironmentResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe('Entity refs, e.g. the user and their groups'),
  }),
  apply: (resource, { claims }) =>
    resource.owner !== undefined && claims.includes(resource.owner),
  toQuery: noQuery,
});

/** The environment's tier is one of these. */
export const isInTiersRule = createPermissionRule({
  name: DEPLOYMENT_ENVIRONMENT_RULES.inTiers,
  description: "The environment's tier is one of the given tiers",
  resourceRef: deploymentEnvironmentResourceRef,
  paramsSchema: z.object({
    tiers: z.array(z.enum(SHIPYARD_TIERS)).describe('dev, staging or prod'),
  }),
  apply: (resource, { tiers }) => tiers.includes(resource.tier),
  toQuery: noQuery,
});

/** Every rule of the deployment-environment resource type. */
export const deploymentEnvironmentRules = [isComponentOwnerRule, isInTiersRule];
