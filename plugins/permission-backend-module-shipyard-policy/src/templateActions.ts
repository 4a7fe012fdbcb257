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
