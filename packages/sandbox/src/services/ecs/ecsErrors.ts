/** The error ECS answers malformed input with. */
export const ECS_VALIDATION_ERROR = 'InvalidParameterException';
