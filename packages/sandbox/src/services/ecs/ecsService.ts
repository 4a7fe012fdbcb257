import type { SandboxService } from '../../server/SandboxService';
import { ECS_VALIDATION_ERROR } from './ecsErrors';
import { createService } from './operations/createService';
import { describeClusters } from './operations/describeClusters';
import { describeServices } from './operations/describeServices';
import { describeTaskDefinition } from './operations/describeTaskDefinition';
import { describeTasks } from './operations/describeTasks';
import { listClusters } from './operations/listClusters';
import { listServices } from './operations/listServices';
import { listTaskDefinitions } from './operations/listTaskDefinitions';
import { listTasks } from './operations/listTasks';
import { registerTaskDefinition } from './operations/registerTaskDefinition';
import { tagResource } from './operations/tagResource';
import { updateService } from './operations/updateService';

/** Amazon ECS, awsJson1_1 (`@aws-sdk/client-ecs`). */
export const ecsService: SandboxService = {
  name: 'ecs',
  signingName: 'ecs',
  protocol: {
    type: 'awsJson1_1',
    targetPrefix: 'AmazonEC2ContainerServiceV20141113',
  },
  errors: {
    throttling: { name: 'ThrottlingException', statusCode: 400 },
    validation: ECS_VALIDATION_ERROR,
  },
  operations: {
    ListClusters: listClusters,
    DescribeClusters: describeClusters,
    ListServices: listServices,
    DescribeServices: describeServices,
    ListTasks: listTasks,
    DescribeTasks: describeTasks,
    DescribeTaskDefinition: describeTaskDefinition,
    ListTaskDefinitions: listTaskDefinitions,
    RegisterTaskDefinition: registerTaskDefinition,
    CreateService: createService,
    UpdateService: updateService,
    TagResource: tagResource,
  },
};
