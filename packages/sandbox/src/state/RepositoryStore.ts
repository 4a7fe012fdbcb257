import type { Scenario } from '../scenario/Scenario';

/** @public */
export interface ImageRecord {
  digest: string;
  tags: string[];
  sizeInBytes: number;
  pushedAt: Date;
  manifest?: string;
  manifestMediaType: string;
}

/** @public */
export interface RepositoryRecord {
  accountId: string;
  region: string;
  name: string;
  arn: string;
  uri: string;
  createdAt: Date;
  /** MUTABLE, IMMUTABLE, or either *_WITH_EXCLUSION (exclusions are not modelled). */
  imageTagMutability: string;
  tags: Record<string, string>;
  /** In push order. */
  images: ImageRecord[];
  /** The repository policy (SetRepositoryPolicy), as the caller wrote it. */
  policyText?: string;
}

export const DOCKER_MANIFEST_V2 =
  'application/vnd.docker.distribution.manifest.v2+json';

/**
 * ECR repositories and their images per account and region.
 *
 * @public
 */
export class RepositoryStore {
  private readonly repositories = new Map<string, RepositoryRecord>();

  private constructor() {}

  static create(options: { scenario: Scenario }): RepositoryStore {
    const store = new RepositoryStore();
    for (const repo of options.scenario.repositories) {
      store.repositories.set(
        RepositoryStore.key(repo.accountId, repo.region, repo.name),
        {
          accountId: repo.accountId,
          region: repo.region,
          name: repo.name,
          arn: repo.arn,
          uri: repo.uri,
          createdAt: repo.createdAt,
          imageTagMutability: 'IMMUTABLE',
          tags: repo.tags,
          images: repo.images.map(image => ({
            digest: image.digest,
            tags: [image.tag],
            sizeInBytes: image.sizeInBytes,
            pushedAt: image.pushedAt,
            manifestMediaType: DOCKER_MANIFEST_V2,
          })),
        },
      );
    }
    return store;
  }

  private static key(accountId: string, region: string, name: string) {
    return `${accountId}/${region}/${name}`;
  }

  get(
    accountId: string,
    region: string,
    name: string,
  ): RepositoryRecord | undefined {
    return this.repositories.get(RepositoryStore.key(accountId, region, name));
  }

  /** Adds a repository; the caller checks that the name is free. */
  add(repository: RepositoryRecord) {
    this.repositories.set(
      RepositoryStore.key(
        repository.accountId,
        repository.region,
        repository.name,
      ),
      repository,
    );
  }
}
