/*
 * A backend with only what this plugin needs, for `yarn start` in this
 * package: the catalog with the catalog module, and this plugin. Run the
 * sandbox beside it (`yarn workspace sandbox start`) and pass a config that
 * points shipyard.aws.endpoint at it, e.g. dev/sandbox-config.yaml.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@internal/plugin-catalog-backend-module-aws'));
backend.add(import('../src'));

backend.start();
