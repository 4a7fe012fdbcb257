import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseEntityRef } from '@backstage/catalog-model';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { checkoutRenderedRepository } from './__testUtils__/checkoutRenderedRepository';
import { exampleFormValues } from './__testUtils__/exampleFormValues';
import {
  renderTemplate,
  type RenderedTemplate,
} from './__testUtils__/renderTemplate';
import { TEMPLATES_DIRECTORY } from './__testUtils__/templateDirectoryContents';
import { validateKubernetesObjects } from './__testUtils__/validateKubernetesObjects';

const run = promisify(execFile);

const LINK_TAGS = {
  'shipyard:component': '${var.service.name}',
  'shipyard:environment': '${var.environment}',
  'shipyard:owner': '${var.service.owner}',
  'shipyard:system': '${var.service.system}',
};

function hasCommand(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** The catalog entry's name, owner and system: what every tag and label must repeat. */
function catalogLink(rendered: RenderedTemplate) {
  const entity = parseYaml(rendered.files.get('catalog-info.yaml')!);
  return {
    component: entity.metadata.name,
    owner: parseEntityRef(entity.spec.owner).name,
    system: parseEntityRef(entity.spec.system, { defaultKind: 'system' }).name,
  };
}

describe('the ECS service infrastructure (Terraform)', () => {
  // terraform is not on this machine: @cdktf/hcl2json (HashiCorp's HCL parser compiled to
  // WebAssembly) parses each file as terraform would, and the checks read the parsed JSON.
  let rendered: RenderedTemplate;
  let terraform: Record<string, any>;

  beforeAll(async () => {
    rendered = await renderTemplate('ecs-service', {
      ...exampleFormValues('ecs-service'),
      name: 'basket-api',
      repoUrl: 'localhost:4566?owner=northwind%2Fstorefront&repo=basket-api',
    });
    terraform = {};
    for (const [file, content] of rendered.files) {
      if (file.startsWith('infra/') && file.endsWith('.tf')) {
        const parsed = await parseHcl(file, content);
        for (const [block, body] of Object.entries(parsed)) {
          terraform[block] = Array.isArray(body)
            ? [...(terraform[block] ?? []), ...body]
            : { ...terraform[block], ...body };
        }
      }
    }
  }, 60_000);

  const resource = (type: string) =>
    terraform.resource[type]?.this?.[0] ??
    Object.values<any[]>(terraform.resource[type] ?? {})[0]?.[0];

  it('parses, and declares everything the service needs', () => {
    expect(Object.keys(terraform.resource).sort()).toEqual([
      'aws_appautoscaling_policy',
      'aws_appautoscaling_target',
      'aws_cloudwatch_log_group',
      'aws_cloudwatch_metric_alarm',
      'aws_ecs_service',
      'aws_ecs_task_definition',
      'aws_iam_role',
      'aws_iam_role_policy_attachment',
      'aws_lb_listener_rule',
      'aws_lb_target_group',
      'aws_security_group',
    ]);
    expect(Object.keys(terraform.resource.aws_cloudwatch_metric_alarm)).toEqual(
      ['errors', 'unhealthy_hosts'],
    );
    expect(Object.keys(terraform.resource.aws_iam_role).sort()).toEqual([
      'execution',
      'task',
    ]);
  });

  it('tags every resource with the four link tags through the provider', () => {
    const [provider] = terraform.provider.aws;
    expect(provider.default_tags).toEqual([{ tags: '${local.link_tags}' }]);
    expect(terraform.locals.find((l: any) => l.link_tags).link_tags).toEqual(
      LINK_TAGS,
    );
    expect(provider.allowed_account_ids).toEqual(['${local.env.account_id}']);
  });

  it('keeps the deploy record that ci/deploy-ecs.sh tags the service with: an apply does not strip it as drift', () => {
    // The tags the deploy writes besides the link tags, read from the script itself.
    const script = rendered.files.get('ci/deploy-ecs.sh')!;
    const written = [...script.matchAll(/key: "(shipyard:[a-z-]+)"/g)]
      .map(m => m[1])
      .filter(key => !(key in LINK_TAGS));
    expect(written.sort()).toEqual([
      'shipyard:commit-sha',
      'shipyard:committed-at',
      'shipyard:deployed-at',
      'shipyard:deployed-by',
    ]);
    const [provider] = terraform.provider.aws;
    expect(provider.ignore_tags).toHaveLength(1);
    const [ignored] = provider.ignore_tags;
    const ignoredKey = (key: string) =>
      (ignored.keys ?? []).includes(key) ||
      (ignored.key_prefixes ?? []).some((p: string) => key.startsWith(p));
    expect(written.filter(key => !ignoredKey(key))).toEqual([]);
    // ...and only those: the link tags stay Terraform's to correct.
    expect(Object.keys(LINK_TAGS).filter(ignoredKey)).toEqual([]);
  });

  it("registers only the bootstrap revision: a new commit's image does not make Terraform register another", () => {
    const taskDefinition = resource('aws_ecs_task_definition');
    expect(taskDefinition.lifecycle).toEqual([
      { ignore_changes: ['${container_definitions}'] },
    ]);
    const ci = parseYaml(rendered.files.get('.gitlab-ci.yml')!);
    expect(ci['.infra'].variables.TF_VAR_image).toBe(
      '$IMAGE_REPOSITORY:$CI_COMMIT_SHA',
    );
  });

  it("notifies the environment's alarm topic when an alarm fires and when it clears", () => {
    const alarms = Object.entries<any[]>(
      terraform.resource.aws_cloudwatch_metric_alarm,
    );
    expect(alarms.length).toBeGreaterThan(0);
    for (const [, [alarm]] of alarms) {
      expect(alarm.alarm_actions).toEqual(['${var.alarm_topic_arn}']);
      expect(alarm.ok_actions).toEqual(['${var.alarm_topic_arn}']);
    }
    const [variable] = terraform.variable.alarm_topic_arn;
    expect(variable.default).toBeUndefined();
    // The validation's regex, as Terraform (RE2) and JavaScript read it alike.
    const [, pattern] = /regex\("([^"]+)"/.exec(
      variable.validation[0].condition,
    )!;
    const accepts = new RegExp(pattern);
    expect(
      accepts.test('arn:aws:sns:eu-west-1:111111111111:shipyard-dev-alarms'),
    ).toBe(true);
    expect(
      accepts.test(
        'arn:aws:elasticloadbalancing:eu-west-1:111111111111:listener/app/x/1/2',
      ),
    ).toBe(false);
  });

  it('gets every variable without a default from shipyard.auto.tfvars.json or the infra job, and the platform documents what the job reads from the group', () => {
    const tfvars = JSON.parse(
      rendered.files.get('infra/shipyard.auto.tfvars.json')!,
    );
    const ci = parseYaml(rendered.files.get('.gitlab-ci.yml')!);
    const job = { ...ci['.infra'].variables, ...ci['infra:prod'].variables };
    const given = new Set([
      ...Object.keys(tfvars),
      ...Object.keys(job)
        .filter(name => name.startsWith('TF_VAR_'))
        .map(name => name.slice('TF_VAR_'.length)),
    ]);
    const required = Object.entries<any[]>(terraform.variable)
      .filter(([, [v]]) => v.default === undefined)
      .map(([name]) => name);
    expect(required).toContain('alarm_topic_arn');
    expect(required.filter(name => !given.has(name))).toEqual([]);
    expect(job.TF_VAR_alarm_topic_arn).toBe('$SHIPYARD_ALARM_TOPIC_ARN');

    // Every group variable the pipeline reads is in the README's list for the platform team.
    const readme = rendered.files.get('ci/README.md')!;
    const groupVariables = new Set(
      rendered.files.get('.gitlab-ci.yml')!.match(/\$SHIPYARD_[A-Z_]+/g),
    );
    for (const name of ['SHIPYARD_ALARM_TOPIC_ARN', 'SHIPYARD_APPS_DOMAIN']) {
      expect(groupVariables).toContain(`$${name}`);
    }
    const undocumented = [...groupVariables].filter(
      name => !readme.includes(`\`${name.slice(1)}\``),
    );
    expect(undocumented).toEqual([]);
  });

  it('leaves the revision and the count to the pipeline and autoscaling, and rolls back failed deployments', () => {
    const service = resource('aws_ecs_service');
    expect(service.lifecycle).toEqual([
      { ignore_changes: ['${task_definition}', '${desired_count}'] },
    ]);
    expect(service.deployment_circuit_breaker).toEqual([
      { enable: true, rollback: true },
    ]);
    expect(service.launch_type).toBe('FARGATE');
    expect(service.load_balancer[0].target_group_arn).toBe(
      '${aws_lb_target_group.this.arn}',
    );
    expect(resource('aws_lb_listener_rule').listener_arn).toBe(
      '${var.alb_listener_arn}',
    );
    const policy = resource('aws_appautoscaling_policy');
    expect(policy.policy_type).toBe('TargetTrackingScaling');
    expect(
      policy.target_tracking_scaling_policy_configuration[0]
        .predefined_metric_specification[0].predefined_metric_type,
    ).toBe('ECSServiceAverageCPUUtilization');
    expect(resource('aws_cloudwatch_log_group').retention_in_days).toBe(
      '${var.log_retention_days}',
    );
  });

  it("carries the form's values and the chosen environments, matching the catalog entry", () => {
    const tfvars = JSON.parse(
      rendered.files.get('infra/shipyard.auto.tfvars.json')!,
    );
    const link = catalogLink(rendered);
    expect(tfvars.service).toEqual({
      name: link.component,
      owner: link.owner,
      system: link.system,
      cpu: 512,
      memory: 1024,
      port: 8080,
      health_check_path: '/healthz',
      desired_count: 2,
      min_count: 2,
      max_count: 6,
      exposure: 'internal',
    });
    expect(tfvars.environments).toEqual({
      dev: {
        tier: 'dev',
        account_id: '111111111111',
        region: 'eu-west-1',
        cluster: 'dev-apps',
      },
      staging: {
        tier: 'staging',
        account_id: '111111111111',
        region: 'eu-west-1',
        cluster: 'staging-apps',
      },
      prod: {
        tier: 'prod',
        account_id: '222222222222',
        region: 'eu-west-1',
        cluster: 'prod-apps',
      },
    });
    const ci = parseYaml(rendered.files.get('.gitlab-ci.yml')!);
    expect(ci['infra:prod'].variables).toMatchObject({
      TF_VAR_environment: 'prod',
      TF_VAR_alb_listener_arn: '$SHIPYARD_INTERNAL_ALB_LISTENER_ARN',
    });
  });

  it('takes the listener of the load balancer the form chose', async () => {
    const facing = await renderTemplate('ecs-service', {
      ...exampleFormValues('ecs-service'),
      exposure: 'internet-facing',
    });
    const ci = parseYaml(facing.files.get('.gitlab-ci.yml')!);
    expect(ci['infra:dev'].variables.TF_VAR_alb_listener_arn).toBe(
      '$SHIPYARD_PUBLIC_ALB_LISTENER_ARN',
    );
  });
});

describe('the EKS service manifests', () => {
  let rendered: RenderedTemplate;
  let dir: string;

  beforeAll(async () => {
    rendered = await renderTemplate('eks-service', {
      ...exampleFormValues('eks-service'),
      name: 'basket-api',
      repoUrl: 'localhost:4566?owner=northwind%2Fstorefront&repo=basket-api',
    });
    dir = await checkoutRenderedRepository(rendered, {
      project: 'northwind/storefront/basket-api',
    });
  }, 60_000);

  afterAll(async () => {
    if (dir) {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  const KINDS = [
    'Deployment',
    'HorizontalPodAutoscaler',
    'Ingress',
    'PodDisruptionBudget',
    'Service',
  ];

  // What the deploy:staging job gives ci/deploy-eks.sh (GitLab's, the job's and the group's).
  const deployEnv = (sha: string) => ({
    PATH: process.env.PATH,
    SHIPYARD_ENVIRONMENT: 'staging',
    SHIPYARD_APPS_DOMAIN: 'apps.staging.northwind.example',
    SERVICE_NAME: 'basket-api',
    IMAGE_REPOSITORY: '111111111111.dkr.ecr.eu-west-1.amazonaws.com/basket-api',
    CI_COMMIT_SHA: sha,
    CI_COMMIT_TIMESTAMP: '2026-12-02T04:12:16+01:00',
    GITLAB_USER_LOGIN: 'ana.lima',
  });

  const objectsOf = (text: string) =>
    parseAllDocuments(text)
      .map(doc => doc.toJS())
      .filter(Boolean);

  it("validate against the Kubernetes schemas, one of each kind, labelled with the catalog entry's component, owner and system", async () => {
    const link = catalogLink(rendered);
    const objects = [...rendered.files]
      .filter(([file]) => file.startsWith('k8s/'))
      .flatMap(([, text]) => objectsOf(text));
    expect(objects.map(o => o.kind).sort()).toEqual(KINDS);
    expect(await validateKubernetesObjects(objects)).toEqual(
      objects.map(() => undefined),
    );
    const values = exampleFormValues('eks-service');
    for (const object of objects) {
      expect(object.metadata.labels).toMatchObject({
        'shipyard.io/component': link.component,
        'shipyard.io/owner': link.owner,
        'shipyard.io/system': link.system,
      });
      expect(object.metadata.namespace).toBe(link.owner);
    }
    const deployment = objects.find(o => o.kind === 'Deployment');
    expect(deployment.spec.template.metadata.labels).toEqual(
      deployment.metadata.labels,
    );
    const [container] = deployment.spec.template.spec.containers;
    expect(container.readinessProbe.httpGet.path).toBe('/healthz');
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(container.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
    });
    expect(deployment.spec.template.spec.securityContext.runAsNonRoot).toBe(
      true,
    );
    expect(container.resources.requests).toEqual({
      cpu: `${values.cpu}m`,
      memory: `${values.memory}Mi`,
    });
    const hpa = objects.find(o => o.kind === 'HorizontalPodAutoscaler');
    expect(hpa.spec).toMatchObject({
      minReplicas: values.minCount,
      maxReplicas: values.maxCount,
    });
    // The autoscaler owns the count: an apply must not reset it.
    expect(deployment.spec).not.toHaveProperty('replicas');
  });

  it.each(['internal', 'internet-facing'])(
    'give the service an address through the AWS Load Balancer Controller: an %s load balancer, pods as targets, health checks on its path',
    async exposure => {
      const variant =
        exposure === 'internal'
          ? rendered
          : await renderTemplate('eks-service', {
              ...exampleFormValues('eks-service'),
              exposure,
              healthCheckPath: '/internal/health',
            });
      const ingress = objectsOf(variant.files.get('k8s/ingress.yaml')!)[0];
      expect(await validateKubernetesObjects([ingress])).toEqual([undefined]);
      expect(ingress.spec.ingressClassName).toBe('alb');
      expect(ingress.metadata.annotations).toMatchObject({
        'alb.ingress.kubernetes.io/scheme': exposure,
        'alb.ingress.kubernetes.io/target-type': 'ip',
        'alb.ingress.kubernetes.io/healthcheck-path':
          exposure === 'internal' ? '/healthz' : '/internal/health',
      });
      const service = objectsOf(variant.files.get('k8s/service.yaml')!)[0];
      const [rule] = ingress.spec.rules;
      expect(rule.http.paths).toEqual([
        {
          path: '/',
          pathType: 'Prefix',
          backend: {
            service: { name: service.metadata.name, port: { name: 'http' } },
          },
        },
      ]);
      expect(service.spec.ports.map((p: any) => p.name)).toContain('http');
    },
    60_000,
  );

  it("deploy through the environment's overlay: its label on every object and pod template, the commit's image, who deployed it and when", async () => {
    if (!hasCommand('kubectl') || !hasCommand('jq')) {
      // eslint-disable-next-line no-console
      console.warn(
        'kubectl or jq is not installed: the deploy rendering is not checked',
      );
      return;
    }
    const sha = 'c0ffee'.padEnd(40, '0');
    const { stdout } = await run('bash', ['ci/deploy-eks.sh', '--dry-run'], {
      cwd: dir,
      env: deployEnv(sha),
    });
    const objects = objectsOf(stdout);
    expect(objects.map(o => o.kind).sort()).toEqual(KINDS);
    for (const object of objects) {
      expect(object.metadata.labels).toMatchObject({
        'shipyard.io/component': 'basket-api',
        'shipyard.io/environment': 'staging',
        'shipyard.io/owner': 'team-storefront',
        'shipyard.io/system': 'storefront',
      });
    }
    const deployment = objects.find(o => o.kind === 'Deployment');
    expect(deployment.spec.template.metadata.labels).toEqual(
      deployment.metadata.labels,
    );
    // Selectors are immutable: the overlay leaves them as committed.
    expect(deployment.spec.selector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'basket-api',
    });
    const record = {
      'shipyard.io/deployed-by': 'ana.lima',
      'shipyard.io/deployed-at': expect.stringMatching(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
      ),
      'shipyard.io/commit-sha': sha,
      'shipyard.io/committed-at': '2026-12-02T03:12:16Z',
    };
    expect(deployment.metadata.annotations).toEqual(record);
    expect(deployment.spec.template.metadata.annotations).toEqual(record);
    expect(deployment.spec.template.spec.containers[0].image).toBe(
      `111111111111.dkr.ecr.eu-west-1.amazonaws.com/basket-api:${sha}`,
    );
    // The address the GitLab environment links to: https://<name>.$SHIPYARD_APPS_DOMAIN.
    const ingress = objects.find(o => o.kind === 'Ingress');
    expect(ingress.spec.rules.map((r: any) => r.host)).toEqual([
      'basket-api.apps.staging.northwind.example',
    ]);
    const ci = parseYaml(rendered.files.get('.gitlab-ci.yml')!);
    expect(ci['deploy:staging'].environment.url).toBe(
      'https://basket-api.$SHIPYARD_APPS_DOMAIN',
    );
    expect(await validateKubernetesObjects(objects)).toEqual(
      objects.map(() => undefined),
    );
  });

  it.each([
    [undefined, /SHIPYARD_APPS_DOMAIN is not set for this environment/],
    ['apps.example.com\nkind: Secret', /is not a DNS domain/],
    ['$(id).example.com', /is not a DNS domain/],
  ])('refuse to deploy with the apps domain %j', async (domain, message) => {
    const env: Record<string, string | undefined> = {
      ...deployEnv('c0ffee'.padEnd(40, '0')),
      SHIPYARD_APPS_DOMAIN: domain,
    };
    await expect(
      run('bash', ['ci/deploy-eks.sh', '--dry-run'], {
        cwd: dir,
        env: Object.fromEntries(
          Object.entries(env).filter(([, v]) => v !== undefined),
        ),
      }),
    ).rejects.toMatchObject({ stderr: expect.stringMatching(message) });
  });
});

describe('the deploy scripts', () => {
  const skeletons = path.join(TEMPLATES_DIRECTORY, 'skeletons');
  const scripts = [
    'ci/assume-role.sh',
    'ecs/ci/deploy-ecs.sh',
    'ecs/ci/install-jq.sh',
    'eks/ci/deploy-eks.sh',
  ];

  it('are clean for shellcheck', async () => {
    if (!hasCommand('shellcheck')) {
      // Debian's shellcheck (apt-get install -y shellcheck) is not on every machine.
      // eslint-disable-next-line no-console
      console.warn(
        'shellcheck is not installed: the deploy scripts are not linted',
      );
      return;
    }
    await expect(
      run(
        'shellcheck',
        scripts.map(s => path.join(skeletons, s)),
      ),
    ).resolves.toBeDefined();
  });

  it('stop at the first failure and hold no templating, so no form value is ever read as shell', async () => {
    // assume-role.sh is sourced by the job's shell, which set -e would end at its first failure.
    for (const script of scripts.filter(s => !s.endsWith('assume-role.sh'))) {
      const text = await fs.readFile(path.join(skeletons, script), 'utf8');
      expect(text).toContain('set -euo pipefail');
      expect(text).not.toMatch(/\$\{\{|\{%|\{#/);
    }
  });

  it('install jq only when the download matches its pinned checksum', async () => {
    const work = await fs.mkdtemp(path.join(os.tmpdir(), 'shipyard-jq-'));
    try {
      // A curl that serves something else than the release: a tampered or corrupted download.
      const bin = path.join(work, 'bin');
      const target = path.join(work, 'target');
      await fs.mkdir(bin);
      await fs.mkdir(target);
      await fs.writeFile(
        path.join(bin, 'curl'),
        '#!/bin/sh\nwhile [ "$1" != "-o" ]; do shift; done\necho "not jq" > "$2"\n',
        { mode: 0o755 },
      );
      const script = path.join(skeletons, 'ecs/ci/install-jq.sh');
      await expect(
        run('bash', [script, target], {
          env: { PATH: `${bin}:${process.env.PATH}` },
        }),
      ).rejects.toMatchObject({
        stderr: expect.stringContaining(
          'does not match its pinned SHA-256: not installing it',
        ),
      });
      await expect(fs.readdir(target)).resolves.toEqual([]);
      const text = await fs.readFile(script, 'utf8');
      expect(text).toMatch(/^version=\d+\.\d+\.\d+$/m);
      expect(text.match(/sha256=[0-9a-f]{64}$/gm)).toHaveLength(2);
    } finally {
      await fs.rm(work, { recursive: true, force: true });
    }
  });
});
