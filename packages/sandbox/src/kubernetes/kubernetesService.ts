import type { SandboxRequest, SandboxResponse } from '../server/SandboxRequest';
import type {
  SandboxHttpContext,
  SandboxHttpService,
} from '../server/SandboxService';
import type { ScenarioService } from '../scenario/Scenario';
import { applyPatch } from './applyPatch';
import { KubernetesCluster } from './KubernetesCluster';
import { KubernetesError } from './KubernetesError';
import { matchesFieldSelector } from './matchesFieldSelector';
import { matchesLabelSelector } from './matchesLabelSelector';

type Json = any;

/** Each EKS cluster's API is served under `/k8s/<cluster>/`. */
const PREFIX = '/k8s/';

/** The resources served per group/version, with their kind; those without a source list empty. */
const RESOURCES: Record<string, Record<string, string>> = {
  v1: {
    namespaces: 'Namespace',
    pods: 'Pod',
    services: 'Service',
    configmaps: 'ConfigMap',
    limitranges: 'LimitRange',
    resourcequotas: 'ResourceQuota',
    events: 'Event',
  },
  'apps/v1': {
    deployments: 'Deployment',
    replicasets: 'ReplicaSet',
    statefulsets: 'StatefulSet',
    daemonsets: 'DaemonSet',
  },
  'autoscaling/v1': { horizontalpodautoscalers: 'HorizontalPodAutoscaler' },
  'autoscaling/v2': { horizontalpodautoscalers: 'HorizontalPodAutoscaler' },
  'batch/v1': { jobs: 'Job', cronjobs: 'CronJob' },
  'networking.k8s.io/v1': { ingresses: 'Ingress' },
};

interface ApiPath {
  cluster: string;
  /** `version`, or a resource request. */
  kind: 'version' | 'resource';
  groupVersion?: string;
  namespace?: string;
  resource?: string;
  name?: string;
}

function parsePath(path: string): ApiPath {
  const rest = path.slice(PREFIX.length);
  const slash = rest.indexOf('/');
  const cluster = slash < 0 ? rest : rest.slice(0, slash);
  const sub = slash < 0 ? '/' : rest.slice(slash).replace(/\/+$/, '');
  if (sub === '/version') {
    return { cluster, kind: 'version' };
  }
  const m =
    /^\/(?:api\/(v1)|apis\/([^/]+\/[^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?$/.exec(
      sub,
    );
  if (!m) {
    throw new KubernetesError(
      404,
      'NotFound',
      'the server could not find the requested resource',
    );
  }
  const [, core, group, namespace, resource, name] = m;
  return {
    cluster,
    kind: 'resource',
    groupVersion: core ?? group,
    namespace: namespace && decodeURIComponent(namespace),
    resource,
    name: name && decodeURIComponent(name),
  };
}

function json(statusCode: number, body: unknown): SandboxResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}

function verbOf(request: SandboxRequest, path: ApiPath): string {
  if (path.kind === 'version') return 'getCode';
  const plural = path.resource ?? 'unknown';
  const singular = plural
    .replace(/ies$/, 'y')
    .replace(/(ss|x)es$/, '$1')
    .replace(/s$/, '');
  const Kind = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  switch (request.method) {
    case 'GET':
      return path.name
        ? `read${Kind(singular)}`
        : `list${Kind(plural)}${path.namespace ? '' : 'ForAllNamespaces'}`;
    case 'PATCH':
      return `patch${Kind(singular)}`;
    case 'PUT':
      return `replace${Kind(singular)}`;
    default:
      return `${request.method.toLowerCase()}${Kind(singular)}`;
  }
}

function listOf(groupVersion: string, kind: string, items: Json[]): Json {
  return {
    apiVersion: groupVersion,
    kind: `${kind}List`,
    metadata: { resourceVersion: '100000' },
    items,
  };
}

/**
 * The Kubernetes API of the scenario's EKS clusters (dev-eks, staging-eks, prod-eks), under
 * `/k8s/<cluster>/`, as Backstage's kubernetes plugin and @kubernetes/client-node use it:
 * /version, namespaces, Deployments and ReplicaSets (list, get, label and field selectors), pods,
 * services and events; PATCH and PUT of a Deployment (JSON, merge and strategic merge patches) roll out a new
 * template, or an old ReplicaSet's template again. Any bearer token is accepted. Errors are
 * Kubernetes `Status` objects.
 */
export function createKubernetesService(): SandboxHttpService {
  return {
    name: 'kubernetes',
    pathPrefix: PREFIX,
    errors: { throttling: { name: 'TooManyRequests', statusCode: 429 } },
    operationOf(request) {
      try {
        return verbOf(request, parsePath(request.path));
      } catch {
        return 'unknown';
      }
    },
    renderError(error) {
      if (error instanceof KubernetesError) {
        return json(error.code, error.toStatus());
      }
      const code = error.statusCode;
      const reasons: Record<number, string> = {
        429: 'TooManyRequests',
        503: 'ServiceUnavailable',
      };
      const reason = reasons[code] ?? 'InternalError';
      return json(
        code,
        new KubernetesError(code, reason, error.message).toStatus(),
      );
    },
    handle(request, ctx) {
      try {
        return handle(request, ctx);
      } catch (error) {
        if (error instanceof KubernetesError) {
          return json(error.code, error.toStatus());
        }
        throw error;
      }
    },
  };
}

function handle(
  request: SandboxRequest,
  ctx: SandboxHttpContext,
): SandboxResponse {
  const path = parsePath(request.path);
  const cluster = ctx.scenario.clusters.find(
    c => c.kind === 'eks' && c.name === path.cluster,
  );
  if (!cluster) {
    throw new KubernetesError(
      404,
      'NotFound',
      `no EKS cluster named "${path.cluster}"`,
    );
  }
  if (path.kind === 'version') {
    return json(200, {
      major: '1',
      minor: '31',
      gitVersion: 'v1.31.4-eks-2d5f260',
      gitCommit: '2d5f260',
      gitTreeState: 'clean',
      buildDate: '2025-01-08T00:00:00Z',
      goVersion: 'go1.22.10',
      compiler: 'gc',
      platform: 'linux/amd64',
    });
  }
  const groupVersion = path.groupVersion!;
  const resource = path.resource!;
  const kind = RESOURCES[groupVersion]?.[resource];
  if (!kind) {
    throw new KubernetesError(
      404,
      'NotFound',
      'the server could not find the requested resource',
    );
  }
  const k8s = KubernetesCluster.of(cluster, ctx.state, ctx.now);
  const group = groupVersion.includes('/')
    ? groupVersion.split('/')[0]
    : undefined;

  if (resource === 'namespaces') {
    const namespaces = k8s.namespaces();
    if (request.method !== 'GET') {
      throw methodNotAllowed();
    }
    if (path.name) {
      const found = namespaces.find(n => n.metadata.name === path.name);
      if (!found) throw KubernetesError.notFound('namespaces', path.name);
      return json(200, found);
    }
    return json(200, listOf('v1', kind, filterList(namespaces, request)));
  }

  if (request.method === 'PATCH' || request.method === 'PUT') {
    if (resource !== 'deployments' || !path.name || !path.namespace) {
      throw methodNotAllowed();
    }
    const service = k8s.findService(path.namespace, path.name);
    let body: Json;
    try {
      body = JSON.parse(request.body.toString('utf8') || 'null');
    } catch {
      throw new KubernetesError(
        400,
        'BadRequest',
        'the request body is not valid JSON',
      );
    }
    const updated =
      request.method === 'PUT'
        ? body
        : applyPatch(
            k8s.deployment(service),
            body,
            String(request.headers['content-type'] ?? ''),
          );
    return json(200, k8s.replaceDeployment(service, updated));
  }
  if (request.method !== 'GET') {
    throw methodNotAllowed();
  }

  const services = k8s.services(path.namespace);
  const render = (service: ScenarioService): Json[] => {
    switch (resource) {
      case 'deployments':
        return [k8s.deployment(service)];
      case 'replicasets':
        return k8s.replicaSets(service);
      case 'pods':
        return k8s.pods(service);
      case 'events':
        return k8s.events(service);
      case 'services': {
        const svc = k8s.kubernetesService(service);
        return svc ? [svc] : [];
      }
      default:
        return [];
    }
  };
  if (path.name) {
    const found = services
      .filter(s =>
        resource !== 'deployments' && resource !== 'services'
          ? true
          : s.name === path.name,
      )
      .flatMap(render)
      .find(o => o.metadata.name === path.name);
    if (!found) {
      throw KubernetesError.notFound(resource, path.name, group);
    }
    return json(200, found);
  }
  return json(
    200,
    listOf(groupVersion, kind, filterList(services.flatMap(render), request)),
  );
}

function filterList(items: Json[], request: SandboxRequest): Json[] {
  const labelSelector = request.query.get('labelSelector');
  const matchesFields = matchesFieldSelector(
    request.query.get('fieldSelector'),
  );
  return items.filter(
    item =>
      matchesLabelSelector(item.metadata?.labels, labelSelector) &&
      matchesFields(item),
  );
}

function methodNotAllowed(): KubernetesError {
  return new KubernetesError(
    405,
    'MethodNotAllowed',
    'the server does not allow this method on the requested resource',
  );
}
