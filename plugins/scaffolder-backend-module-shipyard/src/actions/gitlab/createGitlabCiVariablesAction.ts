import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { Gitlab } from '@gitbeaker/rest';
import { examples } from './createGitlabCiVariablesAction.examples';
import { GitlabCallContext, mapGitlabError } from './mapGitlabError';
import { parseGitlabRepoUrl } from './parseGitlabRepoUrl';
import { CiVariable, validateCiVariables } from './validateCiVariables';

const describeVariable = (v: Pick<CiVariable, 'key' | 'environmentScope'>) =>
  `${v.key} (${v.environmentScope})`;

/**
 * `shipyard:gitlab:ci-variables`: creates or updates a project's CI/CD
 * variables, one per key and environment scope. It acts only with the
 * signed-in user's GitLab token, never the portal's integration token, so
 * nobody can change a project's variables that GitLab would not let them
 * change; the integration only says where GitLab is. A dry run checks the
 * input and logs what it would set, without calling GitLab.
 *
 * @public
 */
export function createGitlabCiVariablesAction(options: {
  integrations: ScmIntegrationRegistry;
}) {
  const { integrations } = options;
  return createTemplateAction({
    id: 'shipyard:gitlab:ci-variables',
    description:
      "Creates or updates a GitLab project's CI/CD variables (per environment scope), with the signed-in user's GitLab token.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoUrl: z =>
          z
            .string()
            .describe(
              'The project, as the RepoUrlPicker gives it: <host>?owner=<group path>&repo=<project>',
            ),
        token: z =>
          z
            .string()
            .describe(
              "The signed-in user's GitLab token (${{ secrets.USER_OAUTH_TOKEN }} from a RepoUrlPicker with requestUserCredentials); required, needs the api scope and the Maintainer role",
            ),
        variables: z =>
          z
            .array(
              z.object({
                key: z
                  .string()
                  .describe(
                    'Variable name: letters, digits and _, e.g. AWS_ROLE_ARN',
                  ),
                value: z.string().describe('Variable value; not empty'),
                environmentScope: z
                  .string()
                  .optional()
                  .describe(
                    'GitLab environment the variable applies to (dev, review/*); default * (all)',
                  ),
                protected: z
                  .boolean()
                  .optional()
                  .describe(
                    'Only pipelines on protected branches and tags see it; default false',
                  ),
                masked: z
                  .boolean()
                  .optional()
                  .describe(
                    'Hidden in job logs (single line, at least 8 characters); default false',
                  ),
              }),
            )
            .describe(
              'The variables to set; an existing variable with the same key and scope is updated',
            ),
      },
      output: {
        created: z =>
          z
            .array(z.object({ key: z.string(), environmentScope: z.string() }))
            .optional()
            .describe('The variables that were created (not set in a dry run)'),
        updated: z =>
          z
            .array(z.object({ key: z.string(), environmentScope: z.string() }))
            .optional()
            .describe(
              'The variables that existed and were updated (not set in a dry run)',
            ),
      },
    },
    async handler(ctx) {
      const location = parseGitlabRepoUrl(ctx.input.repoUrl, integrations);
      const token: unknown = ctx.input.token;
      if (typeof token !== 'string' || token.trim() === '') {
        throw new InputError(
          `shipyard:gitlab:ci-variables needs the signed-in user's GitLab token, and acts with nothing else: pass token: \${{ secrets.USER_OAUTH_TOKEN }} and give the RepoUrlPicker ui:options.requestUserCredentials (secretsKey USER_OAUTH_TOKEN, gitlab scope api)`,
        );
      }
      const variables = validateCiVariables(ctx.input.variables);
      const { baseUrl, projectPath } = location;

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would set the CI/CD variables ${variables
            .map(describeVariable)
            .join(', ')} of ${projectPath} at ${baseUrl}`,
        );
        return;
      }

      const api = new Gitlab({ host: baseUrl, oauthToken: token });
      const call = (action: string): GitlabCallContext => ({
        baseUrl,
        project: projectPath,
        action,
      });
      let existing: Set<string>;
      try {
        const current = await api.ProjectVariables.all(projectPath);
        existing = new Set(
          current.map(v => `${v.key}\u0000${v.environment_scope}`),
        );
      } catch (error) {
        throw mapGitlabError(error, call('read the CI/CD variables'));
      }

      const created: Array<{ key: string; environmentScope: string }> = [];
      const updated: Array<{ key: string; environmentScope: string }> = [];
      for (const variable of variables) {
        const { key, value, environmentScope, masked } = variable;
        const identity = { key, environmentScope };
        if (existing.has(`${key}\u0000${environmentScope}`)) {
          try {
            await api.ProjectVariables.edit(projectPath, key, value, {
              protected: variable.protected,
              masked,
              filter: { environment_scope: environmentScope },
            });
          } catch (error) {
            throw mapGitlabError(
              error,
              call(`update the CI/CD variable ${describeVariable(variable)}`),
            );
          }
          updated.push(identity);
        } else {
          try {
            await api.ProjectVariables.create(projectPath, key, value, {
              protected: variable.protected,
              masked,
              environmentScope,
            });
          } catch (error) {
            throw mapGitlabError(
              error,
              call(`create the CI/CD variable ${describeVariable(variable)}`),
            );
          }
          created.push(identity);
        }
      }
      ctx.logger.info(
        `Set the CI/CD variables of ${projectPath}: ${[
          created.length
            ? `created ${created.map(describeVariable).join(', ')}`
            : undefined,
          updated.length
            ? `updated ${updated.map(describeVariable).join(', ')}`
            : undefined,
        ]
          .filter(Boolean)
          .join('; ')}`,
      );
      ctx.output('created', created);
      ctx.output('updated', updated);
    },
  });
}
