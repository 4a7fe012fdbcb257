import { environmentNameOf } from './environmentNameOf';

describe('environmentNameOf', () => {
  it.each([
    ['dev', 'dev'],
    [' dev ', 'dev'],
    ['resource:dev', 'dev'],
    ['default/dev', 'dev'],
    ['resource:default/dev', 'dev'],
    ['Resource:default/dev', 'dev'],
  ])('reads %j as the environment %j', (value, name) => {
    expect(environmentNameOf(value)).toBe(name);
  });

  it.each([
    'component:default/dev',
    'resource:staging-ns/dev',
    'group:dev',
    '',
    'resource:default/',
  ])('is not an environment: %j', value => {
    expect(environmentNameOf(value)).toBeUndefined();
  });
});
