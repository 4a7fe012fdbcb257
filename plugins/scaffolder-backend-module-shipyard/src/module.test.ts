import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { sandboxPortalConfig } from 'sandbox';
import request from 'supertest';
import scaffolderModuleShipyard from './index';

jest.setTimeout(60_000);

async function startScaffolder(extraConfig: object = {}) {
  return startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleShipyard,
      mockServices.rootConfig.factory({
        data: { ...sandboxPortalConfig(), ...extraConfig },
      }),
    ],
  });
}

describe('scaffolder-backend-module-shipyard', () => {
  it("adds Shipyard's actions, with their schemas and examples, to the scaffolder", async () => {
    const backend = await startScaffolder();
    try {
      const res = await request(backend.server)
        .get('/api/scaffolder/v2/actions')
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      const actions = new Map<string, any>(
        res.body.map((a: { id: string }) => [a.id, a]),
      );
      for (const id of [
        'shipyard:environments:resolve',
        'shipyard:ecr:create-repository',
        'shipyard:gitlab:ci-variables',
        'shipyard:catalog:register',
      ]) {
        const action = actions.get(id);
        expect(action).toBeDefined();
        expect(action.examples.length).toBeGreaterThan(0);
        expect(action.schema.input.properties).toBeDefined();
        expect(action.schema.output.properties).toBeDefined();
      }
      expect(
        actions.get('shipyard:ecr:create-repository').schema.input.required,
      ).toEqual(['repositoryName', 'component', 'owner', 'system']);
      expect(
        actions.get('shipyard:gitlab:ci-variables').schema.input.required,
      ).toEqual(['repoUrl', 'token', 'variables']);
    } finally {
      await backend.stop();
    }
  });

  it('refuses to start with an invalid shipyard.scaffolder configuration', async () => {
    await expect(
      startScaffolder({
        shipyard: {
          ...sandboxPortalConfig().shipyard,
          scaffolder: { deployRoleName: 'not a role' },
        },
      }),
    ).rejects.toThrow(
      'shipyard.scaffolder.deployRoleName "not a role" is not an IAM role name',
    );
  });
});
