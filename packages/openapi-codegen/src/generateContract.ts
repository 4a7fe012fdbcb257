import fs from 'node:fs';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import YAML from 'yaml';
import { Contract } from './findContracts';
import { formatTypeScript } from './formatTypeScript';
import { renderClient } from './renderClient';
import { renderRouter } from './renderRouter';
import { renderTypes } from './renderTypes';

/**
 * Everything generated from one spec, as file path → content. The spec is
 * validated first (OpenAPI 3.1 structure, resolvable $refs), as repo-tools
 * does before it generates.
 */
export async function generateContract(
  contract: Contract,
  root: string,
): Promise<Map<string, string>> {
  const specFile = path.relative(root, contract.specPath);
  const spec = YAML.parse(fs.readFileSync(contract.specPath, 'utf8'));
  if (!/^3\.1\./.test(String(spec.openapi))) {
    throw new Error(
      `${specFile} must be OpenAPI 3.1 (backend-openapi-utils validates only 3.1), got ${spec.openapi}`,
    );
  }
  try {
    await SwaggerParser.validate(JSON.parse(JSON.stringify(spec)));
  } catch (error) {
    throw new Error(`${specFile} is not a valid OpenAPI document: ${error}`);
  }

  const files: Array<[string, string]> = [
    [path.join(contract.routerDir, 'router.ts'), renderRouter(spec)],
    [path.join(contract.clientDir, 'types.ts'), await renderTypes(spec)],
    [
      path.join(contract.clientDir, 'client.ts'),
      renderClient(spec, contract.pluginId),
    ],
    [
      path.join(contract.clientDir, 'index.ts'),
      `export * from './client';\nexport type { components, operations, paths } from './types';\n`,
    ],
  ];
  return new Map(
    files.map(([filePath, source]) => [
      filePath,
      formatTypeScript(source, { spec: specFile, filePath }),
    ]),
  );
}
