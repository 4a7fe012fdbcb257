import type { SandboxService } from '../../server/SandboxService';
import { ECR_VALIDATION_ERROR } from './ecrErrors';
import { createRepository } from './operations/createRepository';
import { describeImages } from './operations/describeImages';
import { describeRepositories } from './operations/describeRepositories';
import { getRepositoryPolicy } from './operations/getRepositoryPolicy';
import { listTagsForResource } from './operations/listTagsForResource';
import { putImage } from './operations/putImage';
import { setRepositoryPolicy } from './operations/setRepositoryPolicy';

/** Amazon ECR, awsJson1_1 (`@aws-sdk/client-ecr`). */
export const ecrService: SandboxService = {
  name: 'ecr',
  signingName: 'ecr',
  protocol: {
    type: 'awsJson1_1',
    targetPrefix: 'AmazonEC2ContainerRegistry_V20150921',
  },
  errors: {
    throttling: { name: 'ThrottlingException', statusCode: 400 },
    validation: ECR_VALIDATION_ERROR,
  },
  operations: {
    CreateRepository: createRepository,
    DescribeImages: describeImages,
    DescribeRepositories: describeRepositories,
    GetRepositoryPolicy: getRepositoryPolicy,
    ListTagsForResource: listTagsForResource,
    PutImage: putImage,
    SetRepositoryPolicy: setRepositoryPolicy,
  },
};
