import fs from 'node:fs';
import path from 'node:path';

/** A backend plugin's spec and the packages generated from it. */
export interface Contract {
  pluginId: string;
  /** `plugins/<name>-backend/src/schema/openapi.yaml`, absolute. */
  specPath: string;
  /** Where the typed router goes: `<backend>/src/schema/openapi/generated`. */
  routerDir: string;
  /** Where the client and types go: `<name>-common/src/schema/openapi/generated`. */
  clientDir: string;
}

/**
 * Every `plugins/<name>-backend` with a `src/schema/openapi.yaml`. Its
 * `plugins/<name>-common` package must exist: that is where the client lives.
 */
export function findContracts(root: string): Contract[] {
  const pluginsDir = path.join(root, 'plugins');
  return fs
    .readdirSync(pluginsDir)
    .filter(dir => dir.endsWith('-backend'))
    .sort()
    .flatMap(dir => {
      const backendDir = path.join(pluginsDir, dir);
      const specPath = path.join(backendDir, 'src/schema/openapi.yaml');
      if (!fs.existsSync(specPath)) {
        return [];
      }
      const commonDir = path.join(
        pluginsDir,
        `${dir.slice(0, -'-backend'.length)}-common`,
      );
      if (!fs.existsSync(path.join(commonDir, 'package.json'))) {
        throw new Error(
          `${path.relative(
            root,
            specPath,
          )} has no -common package at ${path.relative(
            root,
            commonDir,
          )} to hold its client`,
        );
      }
      const manifest = JSON.parse(
        fs.readFileSync(path.join(backendDir, 'package.json'), 'utf8'),
      );
      const pluginId: string | undefined = manifest.backstage?.pluginId;
      if (!pluginId) {
        throw new Error(`${dir}/package.json has no backstage.pluginId`);
      }
      return [
        {
          pluginId,
          specPath,
          routerDir: path.join(backendDir, 'src/schema/openapi/generated'),
          clientDir: path.join(commonDir, 'src/schema/openapi/generated'),
        },
      ];
    });
}
