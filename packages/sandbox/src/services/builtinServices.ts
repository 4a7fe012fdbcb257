import type { SandboxService } from '../server/SandboxService';
import { cloudWatchService } from './cloudwatch/cloudWatchService';
import { costExplorerService } from './costExplorer/costExplorerService';
import { ecrService } from './ecr/ecrService';
import { ecsService } from './ecs/ecsService';
import { elbv2Service } from './elbv2/elbv2Service';
import { guardDutyService } from './guardduty/guardDutyService';
import { stsService } from './sts/stsService';
import { taggingService } from './tagging/taggingService';

/** The AWS services the sandbox serves by default; add a new service here. */
export const builtinServices: readonly SandboxService[] = [
  ecsService,
  ecrService,
  stsService,
  taggingService,
  cloudWatchService,
  guardDutyService,
  costExplorerService,
  elbv2Service,
];
