/**
 * Form values a developer of the storefront team would submit, with the platform's defaults:
 * the starting point of every check, which overrides what it is about.
 */
export function exampleFormValues(
  templateName: 'ecs-service' | 'eks-service',
): Record<string, unknown> {
  return {
    name: 'checkout-api',
    description: 'Takes orders from the storefront and hands them to payments.',
    owner: 'group:default/team-storefront',
    system: 'system:default/storefront',
    environments: ['dev', 'staging', 'prod'],
    // ECS takes CPU units (1024 = one vCPU), EKS millicores (1000 = one vCPU).
    cpu: templateName === 'ecs-service' ? 512 : 500,
    memory: 1024,
    // Only ECS has a starting count: on EKS the autoscaler owns the replicas.
    ...(templateName === 'ecs-service' && { desiredCount: 2 }),
    minCount: 2,
    maxCount: 6,
    port: 8080,
    healthCheckPath: '/healthz',
    exposure: 'internal',
    repoUrl: 'localhost:4566?owner=northwind%2Fstorefront&repo=checkout-api',
  };
}
