import { DemoPersona } from './DemoSignInUser';

/**
 * How each persona is presented on the sign-in page: a short label and what
 * the portal lets that role do, as enforced by the permission policy.
 */
export const demoPersonaDetails: Record<
  DemoPersona,
  { label: string; capabilities: string; color: string }
> = {
  developer: {
    label: 'Developer',
    capabilities: "My team's services and templates",
    color: '#2563eb',
  },
  sre: {
    label: 'SRE',
    capabilities: 'Operate every environment, roll back',
    color: '#c2410c',
  },
  manager: {
    label: 'Manager',
    capabilities: 'Portfolio health, read only',
    color: '#7c3aed',
  },
};
