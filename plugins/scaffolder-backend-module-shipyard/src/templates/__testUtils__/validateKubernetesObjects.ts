import { execFile } from 'node:child_process';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

/** This package, from where kubernetes-models resolves. */
const PACKAGE_ROOT = resolvePackagePath(
  '@internal/plugin-scaffolder-backend-module-shipyard',
);

// kubernetes-models ships ES modules only (its exports have no `require` condition), which
// Jest's CommonJS runtime cannot load: the validation runs in a plain Node process instead.
const VALIDATE = `
import { readFileSync } from 'node:fs';
const objects = JSON.parse(readFileSync(0, 'utf8'));
const errors = [];
for (const object of objects) {
  const [group, version] = object.apiVersion.includes('/')
    ? object.apiVersion.split('/')
    : ['', object.apiVersion];
  const module = await import(group ? 'kubernetes-models/' + group + '/' + version : 'kubernetes-models/' + version);
  const Model = module[object.kind];
  try {
    if (!Model) throw new Error('no schema for ' + object.apiVersion + ' ' + object.kind);
    new Model(object).validate();
    errors.push(undefined);
  } catch (error) {
    errors.push(String(error.message ?? error));
  }
}
process.stdout.write(JSON.stringify(errors));
`;

/**
 * Validates Kubernetes objects against the API schemas (`new Deployment(obj).validate()` of
 * kubernetes-models). Answers one entry per object: undefined when valid, else the schema error.
 */
export function validateKubernetesObjects(
  objects: Array<{ apiVersion: string; kind: string }>,
): Promise<Array<string | undefined>> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--input-type=module', '-e', VALIDATE],
      { cwd: PACKAGE_ROOT },
      (error, stdout) => {
        if (error) {
          reject(error);
        } else {
          resolve(
            (JSON.parse(stdout) as Array<string | null>).map(
              e => e ?? undefined,
            ),
          );
        }
      },
    );
    child.stdin!.end(JSON.stringify(objects));
  });
}
