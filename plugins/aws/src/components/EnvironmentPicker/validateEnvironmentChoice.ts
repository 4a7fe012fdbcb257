import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';

/** The picker's check before the form moves on: at least one environment. */
export const validateEnvironmentChoice: CustomFieldValidator<string[]> = (
  value,
  validation,
) => {
  const names = (value ?? []).filter(v => typeof v === 'string');
  if (names.length === 0) {
    validation.addError(
      'Pick at least one environment for the pipeline to deploy to.',
    );
  }
};
