import { formatActor } from './formatActor';

describe('formatActor', () => {
  it.each([
    ['user:default/sam.okafor', 'sam.okafor'],
    ['user:ops/sam.okafor', 'ops/sam.okafor'],
    ['gitlab-ci', 'gitlab-ci'],
    ['user:', 'user:'],
  ])('%s reads as %s', (actor, expected) => {
    expect(formatActor(actor)).toBe(expected);
  });
});
