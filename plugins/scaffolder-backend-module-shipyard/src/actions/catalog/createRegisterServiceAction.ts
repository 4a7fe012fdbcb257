import path from 'node:path';
import fs from 'node:fs/promises';
import { AuthService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { parse } from 'yaml';
import { examples } from './createRegisterServiceAction.examples';

/** The entity a catalog-info file is about: its Component, else its first entity. */
function mainEntity(entities: Entity[]): Entity | undefined {
  return entities.find(e => e.kind === 'Component') ?? entities[0];
}

/**
 * `shipyard:catalog:register`: registers the catalog-info.yaml of the GitLab project a template
 * just published. Registering locations is the platform's (`catalog.location.create` is SREs'
 * only), so the built-in `catalog:register`, which acts as the signed-in developer, is refused;
 * this action registers with the scaffolder's own credentials instead, and only a file of a
 * project on the configured GitLab, at the path the template names. Developers reach it only
 * through the platform's templates (the policy's `templateActions`), whose inputs come from the
 * publish step, not from the form. A dry run reads the rendered file and outputs its entity.
 *
 * @public
 */
export function createRegisterServiceAction(options: {
  catalog: CatalogService;
  auth: AuthService;
  integrations: ScmIntegrationRegistry;
}) {
  const { catalog, auth, integrations } = options;
  return createTemplateAction({
    id: 'shipyard:catalog:register',
    description:
      "Registers the catalog-info.yaml of the GitLab project a Shipyard template just published, with the scaffolder's own credentials.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoContentsUrl: z =>
          z
            .string()
            .describe(
              "The published project's contents URL: publish:gitlab's output repoContentsUrl",
            ),
        catalogInfoPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Path of the catalog file in the project; default /catalog-info.yaml',
            ),
      },
      output: {
        entityRef: z =>
          z
            .string()
            .optional()
            .describe(
              'The registered Component, e.g. component:default/basket-api',
            ),
        catalogInfoUrl: z => z.string().describe('The registered file URL'),
      },
    },
    async handler(ctx) {
      const catalogInfoPath = ctx.input.catalogInfoPath ?? '/catalog-info.yaml';
      if (
        !/^\/?[A-Za-z0-9._/-]+\.ya?ml$/.test(catalogInfoPath) ||
        catalogInfoPath.includes('..')
      ) {
        throw new InputError(
          `catalogInfoPath "${catalogInfoPath}" must be a .yaml file inside the project, e.g. /catalog-info.yaml`,
        );
      }
      const { repoContentsUrl } = ctx.input;
      // In a dry run, publish:gitlab (which cannot dry run) outputs the scaffolder's placeholder
      // "<example>", not a URL: there is no project yet, but the rendered file can be checked.
      const publishSkipped = ctx.isDryRun && !URL.canParse(repoContentsUrl);
      const integration = publishSkipped
        ? undefined
        : integrations.byUrl(repoContentsUrl);
      if (!publishSkipped && integration?.type !== 'gitlab') {
        throw new InputError(
          `${repoContentsUrl} is not on a configured GitLab (integrations.gitlab); Shipyard registers only projects its templates published there`,
        );
      }
      const catalogInfoUrl = integration
        ? integration.resolveUrl({
            base: repoContentsUrl,
            url: catalogInfoPath,
          })
        : `${repoContentsUrl}/${catalogInfoPath.replace(/^\//, '')}`;

      if (ctx.isDryRun) {
        const file = path.join(ctx.workspacePath, catalogInfoPath);
        const entity = mainEntity(
          (await fs.readFile(file, 'utf8'))
            .split(/^---$/m)
            .map(doc => parse(doc) as Entity)
            .filter(Boolean),
        );
        ctx.logger.info(
          `Dry run: would register ${
            integration
              ? catalogInfoUrl
              : `${catalogInfoPath} of the project the publish step creates`
          }`,
        );
        if (entity) ctx.output('entityRef', stringifyEntityRef(entity));
        ctx.output('catalogInfoUrl', catalogInfoUrl);
        return;
      }

      const credentials = await auth.getOwnServiceCredentials();
      ctx.logger.info(`Registering ${catalogInfoUrl} in the catalog`);
      try {
        await catalog.addLocation(
          { type: 'url', target: catalogInfoUrl },
          { credentials },
        );
      } catch (error) {
        // Registered already, e.g. by a retried task: what matters is that it is there.
        if (!(error instanceof Error && error.name === ConflictError.name))
          throw error;
        ctx.logger.info(`${catalogInfoUrl} was registered already`);
      }
      const { entities } = await catalog.addLocation(
        { type: 'url', target: catalogInfoUrl, dryRun: true },
        { credentials },
      );
      const entity = mainEntity(
        entities.filter(e => !e.metadata.name.startsWith('generated-')),
      );
      if (entity) ctx.output('entityRef', stringifyEntityRef(entity));
      ctx.output('catalogInfoUrl', catalogInfoUrl);
    },
  });
}
