import { ConfigReader } from '@backstage/config';
import { readNotifyGroups } from './readNotifyGroups';

const withGroups = (groups?: unknown) =>
  new ConfigReader(
    groups === undefined
      ? {}
      : { shipyard: { security: { notify: { groups } } } },
  );

describe('readNotifyGroups', () => {
  it('defaults to the SREs', () => {
    expect(readNotifyGroups(withGroups())).toEqual([
      'group:default/platform-sre',
    ]);
  });

  it('completes refs without kind or namespace, once each, and takes an empty list', () => {
    expect(
      readNotifyGroups(
        withGroups(['security', 'group:default/security', 'infra/on-call']),
      ),
    ).toEqual(['group:default/security', 'group:infra/on-call']);
    expect(readNotifyGroups(withGroups([]))).toEqual([]);
  });

  it('refuses to start on an invalid ref, naming the key', () => {
    expect(() => readNotifyGroups(withGroups(['group:']))).toThrow(
      /Invalid entity ref 'group:' in shipyard.security.notify.groups/,
    );
  });
});
