import {
  PLATFORM_OWNER,
  PLATFORM_SYSTEM,
  SHIPYARD_TAGS,
} from '../demoOrganisation';
import { mixHash, noiseAt } from '../metrics/mixHash';
import type { Scenario } from '../Scenario';
import { SeededRandom } from '../SeededRandom';

const DAY = 86_400_000;
/** How far back cost data goes. */
export const COST_HISTORY_DAYS = 183;

/** The AWS service lines costs are billed under (Cost Explorer's SERVICE dimension). @public */
export const COST_SERVICES = {
  ecs: 'Amazon Elastic Container Service',
  ec2: 'Amazon Elastic Compute Cloud - Compute',
  eks: 'Amazon Elastic Kubernetes Service',
  elb: 'Elastic Load Balancing',
  rds: 'Amazon Relational Database Service',
  cloudwatch: 'AmazonCloudWatch',
  ec2Other: 'EC2 - Other',
} as const;

/**
 * One billed line: a resource group of one AWS service line in an account and region, with the
 * tags it carries (none for shared costs), and its typical daily cost.
 *
 * @public
 */
export interface CostLine {
  service: string;
  accountId: string;
  region: string;
  tags: Record<string, string>;
  usageType: string;
  dailyUsd: number;
  /** How much the cost follows traffic (0: flat, like a database instance). */
  trafficShare: number;
  stream: number;
}

/** A cost anomaly of the scenario, as Cost Explorer's anomaly detection reports it. @public */
export interface CostAnomaly {
  id: string;
  line: CostLine;
  component: string;
  environment: string;
  start: number;
  /** Exclusive. */
  end: number;
  factor: number;
}

const cache = new WeakMap<Scenario, CostModel>();

/**
 * The scenario's AWS costs, generated on demand: each line's cost on a day is a deterministic
 * function of (seed, line, day), for the last six months. Prod costs more than staging and dev;
 * lines are ECS/Fargate (EC2 for EKS workloads), load balancers, RDS, CloudWatch and NAT
 * gateway traffic (EC2 - Other), plus shared untagged costs (EKS control planes, shared NAT).
 * One anomaly: ledger-service's NAT data transfer in prod, about 20 days ago, for three days.
 *
 * @public
 */
export class CostModel {
  readonly lines: CostLine[] = [];
  readonly anomalies: CostAnomaly[] = [];
  /** Day index (days since the epoch) of the scenario's today. */
  readonly today: number;

  private constructor(private readonly scenario: Scenario) {
    this.today = Math.floor(scenario.createdAt.getTime() / DAY);
    this.build();
  }

  static for(scenario: Scenario): CostModel {
    let model = cache.get(scenario);
    if (!model) {
      model = new CostModel(scenario);
      cache.set(scenario, model);
    }
    return model;
  }

  /** The unblended cost of a line on a day (days since the epoch); 0 outside the history. */
  cost(line: CostLine, day: number): number {
    if (day > this.today || day <= this.today - COST_HISTORY_DAYS) {
      return 0;
    }
    const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday
    const traffic = weekday === 0 || weekday === 6 ? 0.8 : 1.05;
    let cost =
      line.dailyUsd *
      (1 - line.trafficShare + line.trafficShare * traffic) *
      (1 + 0.04 * noiseAt(line.stream, day));
    for (const anomaly of this.anomalies) {
      if (anomaly.line === line && day >= anomaly.start && day < anomaly.end) {
        cost *= anomaly.factor;
      }
    }
    // Today is still being billed: a share of the day.
    return day === this.today ? cost * 0.4 : cost;
  }

  private build() {
    const { seed } = this.scenario;
    for (const s of this.scenario.services) {
      const rng = SeededRandom.forKey(seed, `costs/${s.id}`);
      const tierFactor = { prod: 1, staging: 0.35, dev: 0.2 }[s.tier];
      const add = (
        key: keyof typeof COST_SERVICES,
        usageType: string,
        dailyUsd: number,
        trafficShare: number,
      ) => {
        const line: CostLine = {
          service: COST_SERVICES[key],
          accountId: s.accountId,
          region: s.region,
          tags: s.tags,
          usageType,
          dailyUsd: Math.round(dailyUsd * tierFactor * 10_000) / 10_000,
          trafficShare,
          stream: mixHash(rng.int(0, 0x7fffffff), this.lines.length),
        };
        this.lines.push(line);
        return line;
      };
      // Fargate: per vCPU-hour and GB-hour, times the tasks.
      const compute =
        (0.04048 * (s.cpu / 1024) + 0.004445 * (s.memory / 1024)) *
        24 *
        s.desiredCount;
      add(
        s.runtime === 'ecs' ? 'ecs' : 'ec2',
        s.runtime === 'ecs'
          ? 'Fargate-vCPU-Hours:perCPU'
          : 'BoxUsage:m6i.large',
        compute * (s.runtime === 'ecs' ? 1 : 1.3),
        0.2,
      );
      if (s.targetGroupArn) {
        add('elb', 'LoadBalancerUsage', 0.54 + rng.between(0.3, 2), 0.6);
      }
      if (s.type === 'service') {
        add('rds', 'InstanceUsage:db.r6g.large', rng.between(8, 14), 0);
      }
      add('cloudwatch', 'CW:MetricMonitorUsage', rng.between(0.3, 1.5), 0.3);
      const nat = add('ec2Other', 'NatGateway-Bytes', rng.between(0.5, 3), 0.7);
      if (s.component === 'ledger-service' && s.tier === 'prod') {
        this.anomalies.push({
          id: `anomaly-${mixHash(nat.stream, 20).toString(16)}`,
          line: nat,
          component: s.component,
          environment: s.environment,
          start: this.today - 20,
          end: this.today - 17,
          factor: 7.5,
        });
      }
    }
    // Shared costs carry no component tag: the EKS control planes and each region's shared NAT.
    for (const c of this.scenario.clusters) {
      const stream = mixHash(
        SeededRandom.forKey(seed, `costs/${c.arn}`).int(0, 0x7fffffff),
        1,
      );
      const tags = {
        [SHIPYARD_TAGS.environment]: c.environment,
        [SHIPYARD_TAGS.owner]: PLATFORM_OWNER,
        [SHIPYARD_TAGS.system]: PLATFORM_SYSTEM,
      };
      if (c.kind === 'eks') {
        this.lines.push({
          service: COST_SERVICES.eks,
          accountId: c.accountId,
          region: c.region,
          tags,
          usageType: 'AmazonEKS-Hours:perCluster',
          dailyUsd: 2.4,
          trafficShare: 0,
          stream,
        });
      } else {
        this.lines.push({
          service: COST_SERVICES.ec2Other,
          accountId: c.accountId,
          region: c.region,
          tags: {},
          usageType: 'NatGateway-Hours',
          dailyUsd: 1.08 * 3,
          trafficShare: 0,
          stream,
        });
      }
    }
  }
}
