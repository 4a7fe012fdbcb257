import fs from 'node:fs';
import path from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import { parse as parseYaml } from 'yaml';
import { TEMPLATES_DIRECTORY } from './templateDirectoryContents';

/**
 * Shipyard's templates as the catalog holds them when it reads them from disk (the embedded
 * default): in the default namespace, managed by their `file:` location, so that tasks can be
 * created from their refs and their `fetch:template` steps find `./skeletons/...` beside them.
 */
export function templateEntities(): Entity[] {
  return ['ecs-service', 'eks-service'].map(name => {
    const file = path.join(TEMPLATES_DIRECTORY, `${name}.yaml`);
    const entity = parseYaml(fs.readFileSync(file, 'utf8'));
    entity.metadata.namespace = 'default';
    entity.metadata.annotations = {
      'backstage.io/managed-by-location': `file:${file}`,
    };
    return entity;
  });
}
