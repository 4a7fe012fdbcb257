import { Sli } from '@internal/plugin-availability-common';
import { SliSource } from '../database/AvailabilityStore';

/** What a series measures, for people: the SLI kind and where it is read. */
export function describeSli(source: SliSource): Sli {
  if (source.kind === 'requests') {
    // `targetgroup/<name>/<id>`: the name is what the console shows.
    // With several (a DR region), the region tells them apart.
    const several = source.targetGroups.length > 1;
    const names = source.targetGroups.map(t => {
      const name = t.targetGroup.split('/')[1] ?? t.targetGroup;
      return several ? `${name} (${t.region})` : name;
    });
    return {
      kind: 'requests',
      description: `ALB target group${names.length > 1 ? 's' : ''} ${names.join(
        ', ',
      )}`,
    };
  }
  const several = source.workloads.length > 1;
  const workloads = source.workloads.map(w => {
    const where =
      w.runtime === 'ecs'
        ? `ECS service ${w.cluster}/${w.service}`
        : `EKS workload ${w.namespace ?? 'default'}/${w.service} in ${
            w.cluster
          }`;
    return several ? `${where} (${w.region})` : where;
  });
  return {
    kind: 'health',
    description: `Running tasks of ${workloads.join(', ')}`,
  };
}
