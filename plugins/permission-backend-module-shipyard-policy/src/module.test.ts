import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { permissionModuleShipyardPolicy } from './module';
import { ShipyardPermissionPolicy } from './ShipyardPermissionPolicy';

async function start(data: object) {
  const policy = { setPolicy: jest.fn() };
  const backend = await startTestBackend({
    extensionPoints: [[policyExtensionPoint, policy]],
    features: [
      permissionModuleShipyardPolicy,
      mockServices.rootConfig.factory({ data }),
    ],
  });
  return { backend, policy };
}

describe('permissionModuleShipyardPolicy', () => {
  it('installs the Shipyard policy', async () => {
    const { backend, policy } = await start({});
    expect(policy.setPolicy).toHaveBeenCalledWith(
      expect.any(ShipyardPermissionPolicy),
    );
    await backend.stop();
  });

  it('refuses to start a production backend whose role mapping is missing', async () => {
    await expect(
      start({ auth: { environment: 'production' } }),
    ).rejects.toThrow(
      /shipyard\.permissions\.roles must list every role explicitly in production/,
    );
  });

  it('starts a production backend that maps every role', async () => {
    const { backend, policy } = await start({
      auth: { environment: 'production' },
      shipyard: {
        permissions: {
          roles: {
            sre: ['northwind--platform--sre'],
            developer: ['northwind--developers'],
            manager: ['northwind--engineering-managers'],
          },
        },
      },
    });
    expect(policy.setPolicy).toHaveBeenCalledTimes(1);
    await backend.stop();
  });
});
