import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The portfolio page: the operations feed and DORA figures. */
export const rootRouteRef = createRouteRef();
