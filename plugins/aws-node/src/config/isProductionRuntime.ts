/**
 * Whether the process runs as a production deployment (`NODE_ENV=production`, which the image
 * sets). Read from the process, not from the configuration, on purpose: the development-only
 * escape hatches (a sandbox endpoint, unverified TLS, plain-http clusters) must stay refused
 * when a deployment forgets the production overlay, whatever the configuration says.
 */
export function isProductionRuntime(): boolean {
  return process.env.NODE_ENV === 'production';
}
