import {
  SHIPYARD_ENTITY_NAME_PATTERN,
  SHIPYARD_ENVIRONMENT_NAME_PATTERN,
  SHIPYARD_TAG_VALUE_PATTERN,
} from '@internal/plugin-aws-common';
import { spec } from './openapi/generated/router';

describe('the aws plugin spec', () => {
  it('validates names with the rules aws-common defines, not copies of them', () => {
    const { schemas } = spec.components;
    expect(schemas.EnvironmentName.pattern).toBe(
      SHIPYARD_ENVIRONMENT_NAME_PATTERN.source,
    );
    expect(schemas.TagValue.pattern).toBe(SHIPYARD_TAG_VALUE_PATTERN.source);
    expect(schemas.EntityNamePart.pattern).toBe(
      SHIPYARD_ENTITY_NAME_PATTERN.source,
    );
  });
});
