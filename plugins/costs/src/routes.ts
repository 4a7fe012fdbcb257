import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The Costs page: the portfolio's AWS costs. */
export const rootRouteRef = createRouteRef();
