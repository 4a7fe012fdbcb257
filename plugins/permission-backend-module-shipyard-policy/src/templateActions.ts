/**
 * The scaffolder actions that Shipyard's own templates (`templates/` in the repository) run.
 * Developers may execute these and no others: a template committed elsewhere, or a step added to
 * one, cannot reach for actions such as `gitlab:group:ensureExists` or `catalog:write` that would
 * change what the platform owns. SREs may run every action. A test keeps this list equal to
 * what the templates use.
 *
 * @public
 */
export const templateActions: readonly string[] = Object.freeze([
  'shipyard:environments:resolve',
  'shipyard:ecr:create-repository',
  'fetch:template',
  'publish:gitlab',
  'shipyard:gitlab:ci-variables',
  'shipyard:catalog:register',
]);

/**
 * Of {@link templateActions}, those a developer may run only with a `token` input: the
 * signed-in user's own GitLab token. Without one, `publish:gitlab` falls back to the portal's
 * integration token, so a task submitted without the user's token would create the project as
 * the portal. (`shipyard:gitlab:ci-variables` refuses to run without a token by itself.)
 *
 * @public
 */
export const userTokenActions: readonly string[] = Object.freeze([
  'publish:gitlab',
]);
