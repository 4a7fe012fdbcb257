import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The portfolio page: every service's availability in every environment. */
export const rootRouteRef = createRouteRef();
