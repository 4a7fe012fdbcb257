import { DefaultFaultInjector, FaultSpec } from './server/FaultInjector';

/** The variable the standalone sandbox reads its start-up faults from. */
const VARIABLE = 'SANDBOX_FAULTS';

/**
 * The faults for the standalone sandbox to apply from the start: `SANDBOX_FAULTS` holds a JSON
 * array of the fault specs that `POST /_sandbox/faults` accepts (one object is taken as a list of
 * one), validated by the same rules. Throws an error naming the variable and the bad entry, so
 * that a typo stops the sandbox instead of running it without the fault.
 */
export function faultsFromEnv(
  env: Record<string, string | undefined> = process.env,
): FaultSpec[] {
  const value = env[VARIABLE];
  if (value === undefined || value.trim() === '') {
    return [];
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new Error(
      `${VARIABLE} must be a JSON array of fault specs such as [{"service":"ecs","kind":"throttle","rate":0.5}]; ${
        (error as Error).message
      }`,
    );
  }
  const specs = (Array.isArray(parsed) ? parsed : [parsed]) as FaultSpec[];
  // The admin route's validation, so that both ways of adding a fault accept the same specs.
  const validator = DefaultFaultInjector.create({ seed: VARIABLE });
  specs.forEach((spec, index) => {
    try {
      validator.validate(spec);
    } catch (error) {
      throw new Error(
        `${VARIABLE}[${index}] is not a valid fault: ${
          (error as Error).message
        }`,
      );
    }
  });
  return specs;
}
