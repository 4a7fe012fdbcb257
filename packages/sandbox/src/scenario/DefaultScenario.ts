import { deploymentTags } from './deploymentTags';
import {
  DEMO_COMPONENTS,
  DEMO_DEPLOYERS,
  DEMO_ENVIRONMENTS,
  DR_REPLICATED_COMPONENTS,
  PLATFORM_OWNER,
  PLATFORM_SYSTEM,
  SHIPYARD_TAGS,
  type DemoEnvironment,
  type DemoEnvironmentRegion,
} from './demoOrganisation';
import {
  BAD_DEPLOYMENT_AGO_MS,
  BAD_DEPLOYMENT_DURATION_MS,
  PROMOTION_DELAY_MS,
  planReleases,
  type Release,
} from './planReleases';
import type {
  Scenario,
  ScenarioAlarm,
  ScenarioCluster,
  ScenarioComponent,
  ScenarioDeployment,
  ScenarioLoadBalancer,
  ScenarioRepository,
  ScenarioService,
  ScenarioTaggedResource,
  ScenarioWindow,
} from './Scenario';
import { SeededRandom } from './SeededRandom';
import { stableHex } from './stableHex';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** @public */
export interface ScenarioOptions {
  /** Default `shipyard`. */
  seed?: string | number;
  /** Copies of every demo component; 1 (the default) is the demo catalog as is. */
  scale?: number;
  /** The clock that every scenario time is relative to; default the current time. */
  now?: Date;
}

/**
 * Builds the scenario from a seed. Everything is computed up front but nothing per minute:
 * metrics are meant to be a function of time, the services and the windows.
 *
 * @public
 */
export class DefaultScenario implements Scenario {
  readonly environments = DEMO_ENVIRONMENTS;
  readonly components: ScenarioComponent[] = [];
  readonly clusters: ScenarioCluster[] = [];
  readonly loadBalancers: ScenarioLoadBalancer[] = [];
  readonly services: ScenarioService[] = [];
  readonly windows: ScenarioWindow[] = [];
  readonly repositories: ScenarioRepository[] = [];
  readonly taggedResources: ScenarioTaggedResource[] = [];

  private readonly servicesById = new Map<string, ScenarioService>();
  private readonly servicesByComponent = new Map<string, ScenarioService[]>();
  private readonly windowsByService = new Map<string, ScenarioWindow[]>();

  private constructor(
    readonly seed: string,
    readonly scale: number,
    readonly createdAt: Date,
  ) {}

  static create(options: ScenarioOptions = {}): DefaultScenario {
    const scale = options.scale ?? 1;
    if (!Number.isInteger(scale) || scale < 1 || scale > 10_000) {
      throw new Error(
        `Scenario scale must be an integer from 1 to 10000, got ${scale}`,
      );
    }
    const scenario = new DefaultScenario(
      String(options.seed ?? 'shipyard'),
      scale,
      options.now ?? new Date(),
    );
    scenario.build();
    return scenario;
  }

  getService(id: string): ScenarioService | undefined {
    return this.servicesById.get(id);
  }

  findServices(query: {
    component: string;
    environment?: string;
    region?: string;
  }): ScenarioService[] {
    return (this.servicesByComponent.get(query.component) ?? []).filter(
      s =>
        (!query.environment || s.environment === query.environment) &&
        (!query.region || s.region === query.region),
    );
  }

  windowsFor(serviceId: string, from: Date, to: Date): ScenarioWindow[] {
    return (this.windowsByService.get(serviceId) ?? []).filter(
      w => w.start < to && w.end > from,
    );
  }

  environment(name: string): DemoEnvironment | undefined {
    return this.environments.find(e => e.name === name);
  }

  private build() {
    for (let copy = 0; copy < this.scale; copy++) {
      for (const base of DEMO_COMPONENTS) {
        this.components.push({
          ...base,
          name: copy === 0 ? base.name : `${base.name}-${pad4(copy)}`,
          baseName: base.name,
          copyIndex: copy,
        });
      }
    }
    const releases = new Map(
      this.components.map(c => [
        c.name,
        planReleases(c, this.seed, this.createdAt),
      ]),
    );

    // Environments can share an account and region (dev and staging): one repository each.
    const repositories = new Map<string, ScenarioRepository>();
    for (const env of this.environments) {
      for (const region of env.regions) {
        this.addClusters(env, region);
        const loadBalancer = this.addLoadBalancer(env, region);
        for (const component of this.components) {
          const cluster = this.clusterFor(env, region, component);
          if (!cluster) {
            continue;
          }
          const service = this.addService(
            env,
            region,
            cluster,
            loadBalancer,
            component,
            releases.get(component.name)!,
          );
          this.addRepository(
            repositories,
            service,
            releases.get(component.name)!,
          );
        }
      }
    }
    this.repositories.push(...repositories.values());
    this.addWindows();
    for (const repo of this.repositories) {
      this.tagResource(repo.arn, 'ecr:repository', repo, repo.tags);
    }
  }

  private addClusters(env: DemoEnvironment, region: DemoEnvironmentRegion) {
    const tags = {
      [SHIPYARD_TAGS.environment]: env.name,
      [SHIPYARD_TAGS.owner]: PLATFORM_OWNER,
      [SHIPYARD_TAGS.system]: PLATFORM_SYSTEM,
    };
    const add = (kind: 'ecs' | 'eks', name: string) => {
      const arn =
        kind === 'ecs'
          ? `arn:aws:ecs:${region.region}:${env.accountId}:cluster/${name}`
          : `arn:aws:eks:${region.region}:${env.accountId}:cluster/${name}`;
      const cluster: ScenarioCluster = {
        kind,
        name,
        arn,
        accountId: env.accountId,
        region: region.region,
        environment: env.name,
        tags,
      };
      this.clusters.push(cluster);
      this.tagResource(arn, `${kind}:cluster`, cluster, tags);
    };
    region.ecsClusters.forEach(name => add('ecs', name));
    region.eksClusters.forEach(name => add('eks', name));
  }

  private addLoadBalancer(
    env: DemoEnvironment,
    region: DemoEnvironmentRegion,
  ): ScenarioLoadBalancer {
    const where = `${env.accountId}/${region.region}/${env.name}`;
    const name = `shipyard-${env.name}`;
    const loadBalancer: ScenarioLoadBalancer = {
      arn: `arn:aws:elasticloadbalancing:${region.region}:${
        env.accountId
      }:loadbalancer/app/${name}/${stableHex(`alb/${where}`, 16)}`,
      name,
      accountId: env.accountId,
      region: region.region,
      environment: env.name,
      // One VPC per environment, account and region, as the ECS services' subnets are keyed.
      vpcId: `vpc-${stableHex(`vpc/${where}`, 17)}`,
    };
    this.loadBalancers.push(loadBalancer);
    return loadBalancer;
  }

  private clusterFor(
    env: DemoEnvironment,
    region: DemoEnvironmentRegion,
    component: ScenarioComponent,
  ): ScenarioCluster | undefined {
    const isDrRegion = region !== env.regions[0];
    if (
      isDrRegion &&
      (component.runtime !== 'ecs' ||
        !DR_REPLICATED_COMPONENTS.includes(component.baseName))
    ) {
      return undefined;
    }
    const name =
      component.runtime === 'ecs'
        ? region.ecsClusters[0]
        : region.eksClusters[0];
    return this.clusters.find(
      c =>
        c.name === name &&
        c.region === region.region &&
        c.accountId === env.accountId,
    );
  }

  private addService(
    env: DemoEnvironment,
    region: DemoEnvironmentRegion,
    cluster: ScenarioCluster,
    loadBalancer: ScenarioLoadBalancer,
    component: ScenarioComponent,
    releases: Release[],
  ): ScenarioService {
    const { accountId } = env;
    const isDrRegion = region !== env.regions[0];
    const id = `${accountId}/${region.region}/${cluster.name}/${component.name}`;
    const rng = SeededRandom.forKey(this.seed, `service/${id}`);
    const family =
      component.runtime === 'ecs' ? `${component.name}-${env.name}` : undefined;
    const namespace = component.runtime === 'eks' ? component.owner : undefined;
    const arn =
      component.runtime === 'ecs'
        ? `arn:aws:ecs:${region.region}:${accountId}:service/${cluster.name}/${component.name}`
        : `${cluster.arn}/${namespace}/${component.name}`;
    const tags = {
      [SHIPYARD_TAGS.component]: component.name,
      [SHIPYARD_TAGS.environment]: env.name,
      [SHIPYARD_TAGS.owner]: component.owner,
      [SHIPYARD_TAGS.system]: component.system,
    };

    const deployments = this.planDeployments(
      env,
      region.region,
      isDrRegion,
      component,
      family,
      releases,
    );
    let desiredCount: number;
    if (env.tier === 'dev') {
      desiredCount = 1;
    } else if (env.tier === 'staging') {
      desiredCount = 2;
    } else if (isDrRegion) {
      desiredCount = 2;
    } else {
      desiredCount =
        component.type === 'worker' ? rng.int(2, 4) : rng.int(3, 6);
    }
    const isWorker = component.type === 'worker';
    const serviceKey = `${component.name}-${env.name}`;
    const targetGroupArn = isWorker
      ? undefined
      : `arn:aws:elasticloadbalancing:${
          region.region
        }:${accountId}:targetgroup/${targetGroupName(
          component.name,
          env.name,
        )}/${stableHex(`tg/${id}`, 16)}`;
    const alarmKinds: ScenarioAlarm['kind'][] = isWorker
      ? ['cpu', 'queue-age']
      : ['error-rate', 'latency', 'cpu'];
    const alarms = alarmKinds.map(kind => {
      const name = `${serviceKey}-${kind}`;
      return {
        name,
        kind,
        arn: `arn:aws:cloudwatch:${region.region}:${accountId}:alarm:${name}`,
      };
    });

    const service: ScenarioService = {
      id,
      component: component.name,
      baseComponent: component.baseName,
      type: component.type,
      owner: component.owner,
      system: component.system,
      runtime: component.runtime,
      environment: env.name,
      tier: env.tier,
      accountId,
      region: region.region,
      cluster: cluster.name,
      clusterArn: cluster.arn,
      name: component.name,
      arn,
      namespace,
      family,
      desiredCount,
      cpu: component.type === 'website' ? 512 : rng.pick([256, 512, 1024]),
      memory: rng.pick([1024, 2048]),
      containerPort: isWorker ? undefined : 8080,
      targetGroupArn,
      loadBalancerArn: targetGroupArn ? loadBalancer.arn : undefined,
      alarms,
      deployments,
      createdAt: new Date(
        (deployments[0]?.deployedAt ?? this.createdAt).getTime() - 60 * MINUTE,
      ),
      tags,
    };
    this.services.push(service);
    this.servicesById.set(id, service);
    const siblings = this.servicesByComponent.get(component.name) ?? [];
    siblings.push(service);
    this.servicesByComponent.set(component.name, siblings);

    if (component.runtime === 'ecs') {
      const latest = deployments.at(-1);
      this.tagResource(
        arn,
        'ecs:service',
        service,
        latest ? { ...tags, ...deploymentTags(latest) } : tags,
      );
      for (const d of deployments) {
        if (d.reason === 'release') {
          this.tagResource(
            d.taskDefinitionArn!,
            'ecs:task-definition',
            service,
            { ...tags, ...deploymentTags(d) },
          );
        }
      }
    }
    if (targetGroupArn) {
      this.tagResource(
        targetGroupArn,
        'elasticloadbalancing:targetgroup',
        service,
        tags,
      );
    }
    for (const alarm of alarms) {
      this.tagResource(alarm.arn, 'cloudwatch:alarm', service, tags);
    }
    return service;
  }

  private planDeployments(
    env: DemoEnvironment,
    region: string,
    isDrRegion: boolean,
    component: ScenarioComponent,
    family: string | undefined,
    releases: Release[],
  ): ScenarioDeployment[] {
    const delay =
      PROMOTION_DELAY_MS[env.tier] +
      (isDrRegion ? PROMOTION_DELAY_MS.drExtra : 0);
    const now = this.createdAt.getTime();
    const deployments: ScenarioDeployment[] = [];
    const registry = `${env.accountId}.dkr.ecr.${region}.amazonaws.com`;
    for (const release of releases) {
      const at = release.releasedAt.getTime() + delay;
      if (at > now) {
        continue;
      }
      const previous = deployments[deployments.length - 1];
      deployments.push({
        revision: deployments.length + 1,
        imageTag: release.version,
        image: `${registry}/${component.name}:${release.version}`,
        deployedAt: new Date(at),
        deployedBy: this.deployer(component, `release/${release.version}`),
        reason: 'release',
        commitSha: release.commitSha,
        committedAt: release.committedAt,
      });
      if (release.bad && env.tier === 'prod' && previous) {
        const rollbackAt =
          now -
          BAD_DEPLOYMENT_AGO_MS +
          BAD_DEPLOYMENT_DURATION_MS +
          (isDrRegion ? 2 * MINUTE : 0);
        deployments.push({
          ...previous,
          revision: deployments.length + 1,
          deployedAt: new Date(rollbackAt),
          deployedBy: this.deployer(component, 'rollback'),
          reason: 'rollback',
        });
      }
    }
    // Every Kubernetes rollout (a rollback too) is a new ReplicaSet revision, but on ECS a
    // rollback points the service back at the earlier task definition revision.
    if (family) {
      let registered = 0;
      for (const d of deployments) {
        if (d.reason === 'release') {
          registered += 1;
          d.revision = registered;
        } else {
          d.revision = deployments.find(
            p => p.reason === 'release' && p.imageTag === d.imageTag,
          )!.revision;
        }
        d.taskDefinitionArn = `arn:aws:ecs:${region}:${env.accountId}:task-definition/${family}:${d.revision}`;
      }
    }
    return deployments;
  }

  /**
   * Who deployed: the same person in every environment for a release (they merged it and promote
   * it), an SRE on call for a rollback. Its own random stream, so it changes nothing else.
   */
  private deployer(component: ScenarioComponent, what: string): string {
    const team = what === 'rollback' ? PLATFORM_OWNER : component.owner;
    const people = DEMO_DEPLOYERS[team] ?? [team];
    return SeededRandom.forKey(
      this.seed,
      `deployer/${component.name}/${what}`,
    ).pick(people);
  }

  private addRepository(
    repositories: Map<string, ScenarioRepository>,
    service: ScenarioService,
    releases: Release[],
  ) {
    const key = `${service.accountId}/${service.region}/${service.component}`;
    if (!repositories.has(key)) {
      const rng = SeededRandom.forKey(this.seed, `repo/${service.id}`);
      repositories.set(key, {
        accountId: service.accountId,
        region: service.region,
        name: service.component,
        arn: `arn:aws:ecr:${service.region}:${service.accountId}:repository/${service.component}`,
        uri: `${service.accountId}.dkr.ecr.${service.region}.amazonaws.com/${service.component}`,
        createdAt: new Date(
          (releases[0]?.releasedAt ?? this.createdAt).getTime() - DAY,
        ),
        images: releases
          .filter(r => r.releasedAt <= this.createdAt)
          .map(r => ({
            tag: r.version,
            digest: `sha256:${stableHex(
              `${service.component}:${r.version}`,
              64,
            )}`,
            sizeInBytes: rng.int(40, 320) * 1_048_576 + rng.int(0, 1_048_575),
            pushedAt: r.releasedAt,
          })),
        tags: {
          [SHIPYARD_TAGS.component]: service.component,
          [SHIPYARD_TAGS.owner]: service.owner,
          [SHIPYARD_TAGS.system]: service.system,
        },
      });
    }
  }

  private addWindows() {
    const now = this.createdAt.getTime();
    for (const service of this.findServices({
      component: 'checkout-api',
      environment: 'prod',
      region: 'eu-west-1',
    })) {
      const start = now - 10 * DAY - 2 * 60 * MINUTE;
      this.addWindow({
        kind: 'incident',
        serviceId: service.id,
        component: service.component,
        environment: service.environment,
        start: new Date(start),
        end: new Date(start + 47 * MINUTE),
        errorRate: 0.18,
        latencyFactor: 3.5,
        summary:
          'Checkout failed for a share of orders while the orders database failed over',
      });
    }
    for (const service of this.findServices({
      component: 'payments-gateway',
      environment: 'prod',
    })) {
      const rollbackIndex = service.deployments.findIndex(
        d => d.reason === 'rollback',
      );
      if (rollbackIndex < 1) {
        continue;
      }
      const bad = service.deployments[rollbackIndex - 1];
      const rollback = service.deployments[rollbackIndex];
      this.addWindow({
        kind: 'bad-deployment',
        serviceId: service.id,
        component: service.component,
        environment: service.environment,
        start: bad.deployedAt,
        end: rollback.deployedAt,
        errorRate: 0.35,
        latencyFactor: 1.8,
        summary: `Release ${bad.imageTag} rejected card payments from one acquirer; rolled back to ${rollback.imageTag}`,
        imageTag: bad.imageTag,
        rolledBackTo: rollback.imageTag,
      });
    }
  }

  private addWindow(window: ScenarioWindow) {
    this.windows.push(window);
    const list = this.windowsByService.get(window.serviceId) ?? [];
    list.push(window);
    this.windowsByService.set(window.serviceId, list);
  }

  private tagResource(
    arn: string,
    resourceType: string,
    where: { accountId: string; region: string },
    tags: Record<string, string>,
  ) {
    this.taggedResources.push({
      arn,
      resourceType,
      accountId: where.accountId,
      region: where.region,
      tags,
    });
  }
}

function pad4(n: number): string {
  return String(n).padStart(4, '0');
}

/** Target group names are limited to 32 characters; long ones keep a hash to stay unique. */
function targetGroupName(component: string, environment: string): string {
  const short = environment === 'staging' ? 'stg' : environment;
  const name = `${component}-${short}`;
  if (name.length <= 32) {
    return name;
  }
  const hash = stableHex(name, 6);
  return `${name.slice(0, 32 - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}
