import { DefaultScenario } from './DefaultScenario';
import {
  DEMO_COMPONENTS,
  DEMO_DEPLOYERS,
  PLATFORM_OWNER,
} from './demoOrganisation';
import { deploymentTags } from './deploymentTags';

const DAY = 86_400_000;
const now = new Date('2026-03-02T09:30:00Z');

describe('DefaultScenario', () => {
  it('is the same for the same seed, and different for another', () => {
    const a = DefaultScenario.create({ seed: 'x', now });
    const b = DefaultScenario.create({ seed: 'x', now });
    const c = DefaultScenario.create({ seed: 'y', now });
    expect(JSON.stringify(b.services)).toBe(JSON.stringify(a.services));
    expect(JSON.stringify(b.windows)).toBe(JSON.stringify(a.windows));
    expect(JSON.stringify(c.services)).not.toBe(JSON.stringify(a.services));
  });

  it('places every time relative to now', () => {
    const a = DefaultScenario.create({ now });
    const later = new Date(now.getTime() + 7 * DAY);
    const b = DefaultScenario.create({ now: later });
    a.services.forEach((service, i) => {
      const other = b.services[i];
      expect(
        other.deployments.map(d => d.deployedAt.getTime() - later.getTime()),
      ).toEqual(
        service.deployments.map(d => d.deployedAt.getTime() - now.getTime()),
      );
    });
  });

  it('runs the demo catalog in three environments, with the prod DR region', () => {
    const scenario = DefaultScenario.create({ now });
    expect(scenario.components.map(c => c.name)).toEqual([
      'storefront-web',
      'catalog-api',
      'branch-inventory-worker',
      'checkout-api',
      'freight-quote-api',
      'carrier-matching-worker',
      'shipment-tracking-api',
      'payments-gateway',
      'ledger-service',
    ]);
    const where = (component: string) =>
      scenario
        .findServices({ component })
        .map(s => `${s.environment}/${s.accountId}/${s.region}/${s.cluster}`);
    expect(where('checkout-api')).toEqual([
      'dev/111111111111/eu-west-1/dev-apps',
      'staging/111111111111/eu-west-1/staging-apps',
      'prod/222222222222/eu-west-1/prod-apps',
      'prod/222222222222/eu-central-1/prod-apps-dr',
    ]);
    expect(where('freight-quote-api')).toEqual([
      'dev/111111111111/eu-west-1/dev-eks',
      'staging/111111111111/eu-west-1/staging-eks',
      'prod/222222222222/eu-west-1/prod-eks',
    ]);
    const eks = scenario.findServices({
      component: 'carrier-matching-worker',
      environment: 'prod',
    })[0];
    expect(eks).toMatchObject({
      runtime: 'eks',
      namespace: 'team-freight',
      family: undefined,
      targetGroupArn: undefined,
      alarms: [
        expect.objectContaining({ name: 'carrier-matching-worker-prod-cpu' }),
        expect.objectContaining({
          name: 'carrier-matching-worker-prod-queue-age',
        }),
      ],
      tags: {
        'shipyard:component': 'carrier-matching-worker',
        'shipyard:environment': 'prod',
        'shipyard:owner': 'team-freight',
        'shipyard:system': 'freight-marketplace',
      },
    });
  });

  const linkTagsOf = (service: { component: string; environment: string }) => {
    const component = DEMO_COMPONENTS.find(c => c.name === service.component)!;
    return {
      'shipyard:component': component.name,
      'shipyard:environment': service.environment,
      'shipyard:owner': component.owner,
      'shipyard:system': component.system,
    };
  };

  it("puts every target group on its environment's shared load balancer in its account and region", () => {
    const scenario = DefaultScenario.create({ now });
    expect(
      scenario.loadBalancers.map(
        lb => `${lb.environment}/${lb.accountId}/${lb.region}/${lb.name}`,
      ),
    ).toEqual([
      'dev/111111111111/eu-west-1/shipyard-dev',
      'staging/111111111111/eu-west-1/shipyard-staging',
      'prod/222222222222/eu-west-1/shipyard-prod',
      'prod/222222222222/eu-central-1/shipyard-prod',
    ]);
    for (const lb of scenario.loadBalancers) {
      expect(lb.arn).toMatch(
        new RegExp(
          `^arn:aws:elasticloadbalancing:${lb.region}:${lb.accountId}:loadbalancer/app/${lb.name}/[0-9a-f]{16}$`,
        ),
      );
    }
    expect(new Set(scenario.loadBalancers.map(lb => lb.arn)).size).toBe(4);
    expect(
      DefaultScenario.create({ seed: 'other', now }).loadBalancers,
    ).toEqual(scenario.loadBalancers);
    const placement = (where: {
      environment: string;
      accountId: string;
      region: string;
    }) => `${where.environment}/${where.accountId}/${where.region}`;
    const byArn = new Map(scenario.loadBalancers.map(lb => [lb.arn, lb]));
    expect(
      scenario.services.map(s => [
        s.id,
        s.targetGroupArn ? placement(s) : undefined,
      ]),
    ).toEqual(
      scenario.services.map(s => [
        s.id,
        s.loadBalancerArn && placement(byArn.get(s.loadBalancerArn)!),
      ]),
    );
  });

  it("tags every service and alarm with its catalog entity's link tags", () => {
    const scenario = DefaultScenario.create({ now });
    const tagsOf = new Map(scenario.taggedResources.map(r => [r.arn, r.tags]));
    for (const service of scenario.services) {
      const link = linkTagsOf(service);
      expect(service.tags).toEqual(link);
      for (const alarm of service.alarms) {
        expect(tagsOf.get(alarm.arn)).toEqual(link);
      }
    }
  });

  it('tags every ECS service and released task definition with link and deployment tags', () => {
    const scenario = DefaultScenario.create({ now });
    const tagsOf = new Map(scenario.taggedResources.map(r => [r.arn, r.tags]));
    const ecsServices = scenario.services.filter(s => s.runtime === 'ecs');
    expect(ecsServices.length).toBeGreaterThan(0);
    for (const service of ecsServices) {
      const link = linkTagsOf(service);
      expect(tagsOf.get(service.arn)).toEqual({
        ...link,
        ...deploymentTags(service.deployments.at(-1)!),
      });
      for (const d of service.deployments.filter(r => r.reason === 'release')) {
        expect(tagsOf.get(d.taskDefinitionArn!)).toEqual({
          ...link,
          ...deploymentTags(d),
        });
      }
    }
  });

  it('records the commit each deployment runs: one per release in every environment, made before it shipped; a rollback runs the earlier commit', () => {
    const scenario = DefaultScenario.create({ now });
    const all = scenario.services.flatMap(service =>
      service.deployments.map((d, i) => ({ service, d, i })),
    );
    for (const { d } of all) {
      expect(d.commitSha).toMatch(/^[0-9a-f]{40}$/);
      // Recorded to the second, as GitLab's commit timestamp.
      expect(d.committedAt.getTime() % 1000).toBe(0);
    }
    // One commit per component version, wherever it runs.
    const shasPerVersion = new Map<string, Set<string>>();
    for (const { service, d } of all) {
      const key = `${service.component}@${d.imageTag}`;
      shasPerVersion.set(
        key,
        new Set([...(shasPerVersion.get(key) ?? []), d.commitSha]),
      );
    }
    expect([...shasPerVersion.values()].every(s => s.size === 1)).toBe(true);

    const rollbacks = all.filter(({ d }) => d.reason === 'rollback');
    expect(rollbacks.length).toBeGreaterThan(0);
    const restoredOf = ({ service, d, i }: (typeof all)[number]) =>
      service.deployments.slice(0, i).find(p => p.imageTag === d.imageTag)!;
    expect(rollbacks.map(({ d }) => [d.commitSha, d.committedAt])).toEqual(
      rollbacks.map(r => [restoredOf(r).commitSha, restoredOf(r).committedAt]),
    );

    // Releases: committed 12 minutes to a day and a half before the release,
    // which dev deploys 10 minutes after and prod 26 hours (DR 26.5) after.
    const leads = all
      .filter(({ d }) => d.reason === 'release')
      .map(({ d }) => d.deployedAt.getTime() - d.committedAt.getTime());
    expect(Math.min(...leads)).toBeGreaterThan(12 * 60_000);
    expect(Math.max(...leads)).toBeLessThanOrEqual(
      (36 + 26.5) * 3_600_000 + 1000,
    );
    // Not one commit delay for all: the demo's lead times vary.
    expect(new Set(leads).size).toBeGreaterThan(50);

    const tagsOf = new Map(scenario.taggedResources.map(r => [r.arn, r.tags]));
    const ecs = scenario.services.find(s => s.runtime === 'ecs')!;
    const latest = ecs.deployments.at(-1)!;
    expect(tagsOf.get(latest.taskDefinitionArn!)).toMatchObject({
      'shipyard:commit-sha': latest.commitSha,
      'shipyard:committed-at': `${latest.committedAt
        .toISOString()
        .slice(0, 19)}Z`,
    });
  });

  it('records who deployed each revision: the owning team for releases, an SRE for rollbacks', () => {
    const scenario = DefaultScenario.create({ now });
    for (const service of scenario.services) {
      for (const d of service.deployments) {
        expect(
          DEMO_DEPLOYERS[
            d.reason === 'rollback' ? PLATFORM_OWNER : service.owner
          ],
        ).toContain(d.deployedBy);
      }
      // Releases are promoted by the person who shipped them.
      const dev = scenario.findServices({
        component: service.component,
        environment: 'dev',
      })[0];
      for (const d of service.deployments.filter(r => r.reason === 'release')) {
        expect(
          dev.deployments.find(r => r.imageTag === d.imageTag)!.deployedBy,
        ).toBe(d.deployedBy);
      }
    }
    const rollback = scenario
      .findServices({ component: 'payments-gateway', environment: 'prod' })[0]
      .deployments.find(d => d.reason === 'rollback')!;
    expect(DEMO_DEPLOYERS[PLATFORM_OWNER]).toContain(rollback.deployedBy);
  });

  it('gives every service 6 to 10 deployments within the last 90 days, newest last', () => {
    const scenario = DefaultScenario.create({ now });
    for (const service of scenario.services) {
      const releases = service.deployments.filter(d => d.reason === 'release');
      expect(releases.length).toBeGreaterThanOrEqual(
        service.environment === 'prod' ? 5 : 6,
      );
      expect(service.deployments.length).toBeLessThanOrEqual(10);
      const times = service.deployments.map(d => d.deployedAt.getTime());
      expect([...times].sort((x, y) => x - y)).toEqual(times);
      expect(times[0]).toBeGreaterThan(now.getTime() - 90 * DAY);
      expect(times[times.length - 1]).toBeLessThanOrEqual(now.getTime());
      for (const d of service.deployments) {
        expect(d.image).toBe(
          `${service.accountId}.dkr.ecr.${service.region}.amazonaws.com/${service.component}:${d.imageTag}`,
        );
      }
    }
    // A release reaches dev before prod.
    const dev = scenario.findServices({
      component: 'ledger-service',
      environment: 'dev',
    })[0];
    const prod = scenario.findServices({
      component: 'ledger-service',
      environment: 'prod',
    })[0];
    const version = prod.deployments[0].imageTag;
    const devAt = dev.deployments.find(d => d.imageTag === version)!.deployedAt;
    expect(prod.deployments[0].deployedAt.getTime() - devAt.getTime()).toBe(
      26 * 3_600_000 - 10 * 60_000,
    );
  });

  it('has an incident for checkout-api in prod about 10 days ago', () => {
    const scenario = DefaultScenario.create({ now });
    const incidents = scenario.windows.filter(w => w.kind === 'incident');
    expect(incidents).toHaveLength(1);
    const [incident] = incidents;
    expect(incident).toMatchObject({
      component: 'checkout-api',
      environment: 'prod',
      serviceId: '222222222222/eu-west-1/prod-apps/checkout-api',
    });
    const daysAgo = (now.getTime() - incident.start.getTime()) / DAY;
    expect(daysAgo).toBeGreaterThan(9.5);
    expect(daysAgo).toBeLessThan(10.5);
    expect(incident.end > incident.start).toBe(true);
    expect(
      scenario.windowsFor(
        incident.serviceId,
        new Date(now.getTime() - 11 * DAY),
        now,
      ),
    ).toEqual([incident]);
    expect(
      scenario.windowsFor(
        incident.serviceId,
        new Date(now.getTime() - 5 * DAY),
        now,
      ),
    ).toEqual([]);
  });

  it('has a bad payments-gateway deployment in prod about 3 days ago, rolled back to the previous revision', () => {
    const scenario = DefaultScenario.create({ now });
    const service = scenario.getService(
      '222222222222/eu-west-1/prod-apps/payments-gateway',
    )!;
    const [window] = scenario.windowsFor(
      service.id,
      new Date(now.getTime() - 4 * DAY),
      now,
    );
    expect(window.kind).toBe('bad-deployment');
    expect((now.getTime() - window.start.getTime()) / DAY).toBeCloseTo(3, 5);
    const rollbackIndex = service.deployments.findIndex(
      d => d.reason === 'rollback',
    );
    const bad = service.deployments[rollbackIndex - 1];
    const beforeBad = service.deployments[rollbackIndex - 2];
    const rollback = service.deployments[rollbackIndex];
    expect(window).toMatchObject({
      start: bad.deployedAt,
      end: rollback.deployedAt,
      imageTag: bad.imageTag,
      rolledBackTo: beforeBad.imageTag,
    });
    expect(rollback.taskDefinitionArn).toBe(beforeBad.taskDefinitionArn);
    expect(rollback.imageTag).toBe(beforeBad.imageTag);
    // The fix reached prod after the rollback; what runs now is neither the bad nor the old one.
    const current = service.deployments[service.deployments.length - 1];
    expect(current.reason).toBe('release');
    expect(current.deployedAt > rollback.deployedAt).toBe(true);
    // The DR region got and rolled back the same release.
    const dr = scenario.getService(
      '222222222222/eu-central-1/prod-apps-dr/payments-gateway',
    )!;
    expect(scenario.windowsFor(dr.id, window.start, now)[0].imageTag).toBe(
      bad.imageTag,
    );
    // Dev and staging never roll back.
    expect(
      scenario
        .findServices({ component: 'payments-gateway', environment: 'dev' })[0]
        .deployments.some(d => d.reason === 'rollback'),
    ).toBe(false);
  });

  it('tags every resource that links to a component, each once', () => {
    const scenario = DefaultScenario.create({ now });
    const arns = scenario.taggedResources.map(r => r.arn);
    expect(new Set(arns).size).toBe(arns.length);
    const repositories = scenario.repositories.map(r => r.arn);
    expect(new Set(repositories).size).toBe(repositories.length);
    const service = scenario.getService(
      '111111111111/eu-west-1/dev-apps/storefront-web',
    )!;
    const mine = scenario.taggedResources.filter(
      r =>
        r.tags['shipyard:component'] === 'storefront-web' &&
        r.accountId === '111111111111' &&
        r.tags['shipyard:environment'] === 'dev',
    );
    expect(mine.map(r => r.resourceType).sort()).toEqual(
      [
        'cloudwatch:alarm',
        'cloudwatch:alarm',
        'cloudwatch:alarm',
        'ecs:service',
        'elasticloadbalancing:targetgroup',
        ...service.deployments.map(() => 'ecs:task-definition'),
      ].sort(),
    );
    expect(
      scenario.repositories
        .find(
          r => r.accountId === '111111111111' && r.name === 'storefront-web',
        )!
        .images.map(i => i.tag),
    ).toEqual(expect.arrayContaining(service.deployments.map(d => d.imageTag)));
  });

  // How long this takes is the sandbox throughput benchmark's business (docs/benchmarks.md), not
  // a test's: the generous timeout only keeps a loaded CI machine from failing it.
  it('scales to more than 1,000 services without changing the originals', () => {
    const base = DefaultScenario.create({ now });
    const big = DefaultScenario.create({ now, scale: 100 });
    expect(big.services.length).toBeGreaterThan(1_000);
    expect(big.components.map(c => c.name)).toContain('catalog-api-0042');
    expect(
      big.findServices({
        component: 'catalog-api-0042',
        environment: 'prod',
      })[0],
    ).toMatchObject({
      owner: 'team-storefront',
      system: 'storefront',
      cluster: 'prod-apps',
      baseComponent: 'catalog-api',
    });
    expect(JSON.stringify(big.getService(base.services[3].id))).toBe(
      JSON.stringify(base.services[3]),
    );
    expect(big.windows).toHaveLength(base.windows.length);
    const targetGroupNames = big.services
      .filter(service => service.targetGroupArn)
      .map(service => service.targetGroupArn!.split('/')[1]);
    expect(targetGroupNames.length).toBeGreaterThan(1_000);
    expect(targetGroupNames.filter(name => name.length > 32)).toEqual([]);
    expect(new Set(targetGroupNames).size).toBe(
      new Set(
        big.services
          .filter(s => s.targetGroupArn)
          .map(s => `${s.component}/${s.environment}`),
      ).size,
    );
  }, 60_000);
});
