import type { Repository } from '@aws-sdk/client-ecr';
import type { RepositoryRecord } from '../../state/RepositoryStore';

export function toEcrRepository(repository: RepositoryRecord): Repository {
  return {
    repositoryArn: repository.arn,
    registryId: repository.accountId,
    repositoryName: repository.name,
    repositoryUri: repository.uri,
    createdAt: repository.createdAt,
    imageTagMutability:
      repository.imageTagMutability as Repository['imageTagMutability'],
    imageScanningConfiguration: { scanOnPush: false },
    encryptionConfiguration: { encryptionType: 'AES256' },
  };
}
