import { InputError } from '@backstage/errors';

/** A namespaced object of one EKS cluster: a Deployment, or a ReplicaSet. */
export interface EksObjectRef {
  cluster: string;
  namespace: string;
  name: string;
}

// EKS cluster names; Kubernetes namespaces (DNS labels) and object names
// (DNS subdomains). None holds a `/`, so the id splits unambiguously.
const EKS_ID =
  /^eks:([A-Za-z0-9][A-Za-z0-9_-]{0,99})\/([a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?)\/([a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?)$/;

/**
 * The id of an EKS object, `eks:<cluster>/<namespace>/<name>`: the
 * DeploymentTarget id of a Deployment, and the Revision id of a ReplicaSet
 * (a ReplicaSet name alone repeats across clusters running the same template).
 */
export function eksTargetId(ref: EksObjectRef): string {
  return `eks:${ref.cluster}/${ref.namespace}/${ref.name}`;
}

/**
 * Splits an id made by {@link eksTargetId}.
 * @throws InputError naming the id when it is not one.
 */
export function parseEksTargetId(id: string): EksObjectRef {
  const match = EKS_ID.exec(id);
  if (!match) {
    throw new InputError(
      `"${id}" is not an EKS target id; expected eks:<cluster>/<namespace>/<name>`,
    );
  }
  const [, cluster, namespace, name] = match;
  return { cluster, namespace, name };
}
