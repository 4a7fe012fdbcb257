import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { sandboxPortalConfig } from './sandboxPortalConfig';

describe('sandboxPortalConfig', () => {
  // The embedded default must describe exactly the world the sandbox serves.
  const appConfig = parse(
    fs.readFileSync(
      path.resolve(process.cwd(), '../../app-config.yaml'),
      'utf8',
    ),
  );

  it("matches app-config.yaml's accounts and environments", () => {
    const expected = sandboxPortalConfig();
    expect(appConfig.aws).toEqual(expected.aws);
    expect(appConfig.shipyard.environments).toEqual(
      expected.shipyard.environments,
    );
  });

  it("points app-config.yaml's AWS clients at the sandbox's default port", () => {
    expect(appConfig.shipyard.aws.endpoint).toBe(
      sandboxPortalConfig({ url: 'http://localhost:4566' }).shipyard.aws
        ?.endpoint,
    );
  });
});
