import { z } from 'zod';

const entityNamePart = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/,
    'must be letters, digits, ".", "_" or "-"',
  );

/** Path parameters that identify a catalog entity. */
export const entityPathSchema = z.object({
  namespace: entityNamePart,
  kind: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9]{0,62}$/, 'must be an entity kind'),
  name: entityNamePart,
});

/** The `environment` query parameter: a configured environment's name. */
export const environmentQuerySchema = z.object({
  environment: z
    .string()
    .regex(
      /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/,
      'must be an environment name',
    )
    .optional(),
});
