/*
 * Shipyard's backend: one line per plugin or module. Behaviour that differs between development
 * and production comes from configuration (app-config.yaml, app-config.production.yaml), not
 * from this list.
 */

import { createBackend } from '@backstage/backend-defaults';
import { catalogModuleAvailabilityAnnotations } from '@internal/plugin-availability-backend';

const backend = createBackend();

// Serves the frontend bundle in production builds.
backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// Sign-in: GitLab in production; the demo personas in development, only when
// auth.providers.demo is configured.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-gitlab-provider'));
backend.add(import('@internal/plugin-auth-backend-module-demo-provider'));

// Permissions: roles from catalog group membership, see docs/permissions.md.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@internal/plugin-permission-backend-module-shipyard-policy'),
);

// Catalog: the demo files in development; in production catalog-info.yaml files discovered in
// GitLab, and users and groups ingested from GitLab.
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-gitlab'));
backend.add(import('@backstage/plugin-catalog-backend-module-gitlab-org'));
// GitLab groups named by their full path (`--` for `/`), so that no two share a name and its roles.
backend.add(import('@internal/plugin-catalog-backend-module-shipyard-gitlab'));
// Logs processing errors, e.g. a malformed catalog-info.yaml.
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// AWS: environments as catalog entities, Shipyard annotations validated, and the aws plugin
// (resource inventory collector, /api/aws routes). See docs/configuration.md.
backend.add(import('@internal/plugin-catalog-backend-module-aws'));
backend.add(import('@internal/plugin-aws-backend'));
// Deployments: what runs where on ECS and EKS, and rollbacks (/api/deployments).
backend.add(import('@internal/plugin-deployments-backend'));
// Availability: SLOs, error budgets and incidents from CloudWatch (/api/availability), and
// the catalog module that validates the availability annotations.
backend.add(import('@internal/plugin-availability-backend'));
backend.add(catalogModuleAvailabilityAnnotations);
// Costs: AWS costs per environment, team and service from Cost Explorer, on a rationed
// schedule (/api/costs); `costs.read` decides who sees which service's costs.
backend.add(import('@internal/plugin-costs-backend'));
// Security: GuardDuty findings per environment and service, synced incrementally (/api/security);
// `security.findings.read` decides who reads which service's findings, managers count them.
backend.add(import('@internal/plugin-security-backend'));

// Scaffolder: new services from templates, published to GitLab.
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-gitlab'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
// Shipyard's actions: resolve environments, the ECR repository, GitLab CI/CD variables.
backend.add(import('@internal/plugin-scaffolder-backend-module-shipyard'));

backend.add(import('@backstage/plugin-techdocs-backend'));

// Search: PostgreSQL's full-text search in production, in-memory Lunr on SQLite.
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

backend.add(import('@backstage/plugin-kubernetes-backend'));
// Its clusters are the EKS clusters of shipyard.environments, configured once.
backend.add(import('@internal/plugin-kubernetes-backend-module-shipyard'));
backend.add(import('@backstage/plugin-user-settings-backend'));
// Events between plugins and across replicas (catalog updates, signals to browsers).
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// A replica that fails to start (e.g. one that lost the race for a migration lock on an empty
// database) exits, so that its orchestrator restarts it, instead of answering 503 for ever.
backend.start().catch(error => {
  console.error('Shipyard backend failed to start', error);
  process.exit(1);
});
