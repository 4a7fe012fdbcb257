/** The autoscaling bounds, and the starting count where the runtime takes one, from a form. */
export interface ScalingBounds {
  min: number;
  /** ECS services start with a desired count; an EKS Deployment starts at the minimum. */
  desired?: number;
  max: number;
}

/**
 * Checks `scaling` (optional) and adds what is wrong to `problems`: each count a whole number
 * of at least 1, and min ≤ desired ≤ max, which a form's JSON Schema cannot express because it
 * cannot compare two fields. Run before anything is created, so a direct POST with crossed
 * bounds is refused before the ECR repository or the GitLab project exists.
 */
export function validateScaling(
  value: unknown,
  problems: string[],
): ScalingBounds | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(
      'scaling must be an object { min, desired?, max }, e.g. { min: 2, desired: 2, max: 6 }',
    );
    return undefined;
  }
  const scaling = value as Record<string, unknown>;
  const fields = ['min', 'desired', 'max'].filter(
    field => field !== 'desired' || scaling.desired !== undefined,
  );
  const wrong = fields.filter(
    field =>
      !Number.isInteger(scaling[field]) || (scaling[field] as number) < 1,
  );
  if (wrong.length) {
    problems.push(
      ...wrong.map(
        field =>
          `scaling.${field} ${
            scaling[field] === undefined
              ? 'is required:'
              : `(${JSON.stringify(scaling[field])}) must be`
          } a whole number of at least 1`,
      ),
    );
    return undefined;
  }
  const { min, desired, max } = scaling as unknown as ScalingBounds;
  if (min > max) {
    problems.push(
      `scaling.min (${min}) must not be above scaling.max (${max}): autoscaling keeps between min and max`,
    );
  } else if (desired !== undefined && desired < min) {
    problems.push(
      `scaling.desired (${desired}) must not be below scaling.min (${min}): the service starts with desired and autoscaling never goes under min`,
    );
  } else if (desired !== undefined && desired > max) {
    problems.push(
      `scaling.desired (${desired}) must not be above scaling.max (${max}): the service starts with desired and autoscaling never goes over max`,
    );
  }
  return { min, desired, max };
}
