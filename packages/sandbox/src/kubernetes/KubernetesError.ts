/**
 * A Kubernetes API failure, rendered as a `Status` object (`reason` such as NotFound, Invalid,
 * Conflict; `code` the HTTP status).
 */
export class KubernetesError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: { name?: string; group?: string; kind?: string },
  ) {
    super(message);
    this.name = 'KubernetesError';
  }

  static notFound(
    resource: string,
    name: string,
    group?: string,
  ): KubernetesError {
    const qualified = group ? `${resource}.${group}` : resource;
    return new KubernetesError(
      404,
      'NotFound',
      `${qualified} "${name}" not found`,
      {
        name,
        group,
        kind: resource,
      },
    );
  }

  toStatus() {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      details: this.details,
      code: this.code,
    };
  }
}
