import type { Tag } from '@aws-sdk/client-ecs';

/** ECS spells tags `{ key, value }`, lower case. */
export function toEcsTags(tags: Record<string, string>): Tag[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}
