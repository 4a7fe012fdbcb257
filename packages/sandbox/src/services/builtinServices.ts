import type { SandboxService } from '../server/SandboxService';
import { ecsService } from './ecs/ecsService';

/** The AWS services the sandbox serves by default; add a new service here. */
export const builtinServices: readonly SandboxService[] = [ecsService];
