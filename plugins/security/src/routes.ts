import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The Security page: GuardDuty findings in every environment. */
export const rootRouteRef = createRouteRef();
