import fs from 'node:fs/promises';
import path from 'node:path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';

/** The repository's templates/ folder, which holds every template and the skeletons they share. */
export const TEMPLATES_DIRECTORY = path.resolve(
  __dirname,
  '../../../../../templates',
);

/** A file as the scaffolder's dry run takes it (the template editor's format). */
export interface SerializedTemplateFile {
  path: string;
  base64Content: string;
}

async function listFiles(directory: string): Promise<string[]> {
  const entries = await fs.readdir(directory, {
    recursive: true,
    withFileTypes: true,
  });
  return entries
    .filter(entry => entry.isFile())
    .map(entry => path.join(entry.parentPath, entry.name));
}

/**
 * The files the dry run needs to render `templates/<name>.yaml`, laid out as on disk relative to
 * the template: the template itself as `template.yaml` (the dry run always reads it from there)
 * and every skeleton under `skeletons/`, which its `fetch:template` steps name as
 * `./skeletons/<skeleton>`.
 */
export async function templateDirectoryContents(
  templateName: string,
): Promise<{ templateYaml: string; files: SerializedTemplateFile[] }> {
  const templatePath = resolveSafeChildPath(
    TEMPLATES_DIRECTORY,
    `${templateName}.yaml`,
  );
  const templateYaml = await fs.readFile(templatePath, 'utf8');
  const skeletonFiles = await listFiles(
    path.join(TEMPLATES_DIRECTORY, 'skeletons'),
  );
  const files = await Promise.all(
    skeletonFiles.map(async file => ({
      path: path.relative(TEMPLATES_DIRECTORY, file).split(path.sep).join('/'),
      base64Content: (await fs.readFile(file)).toString('base64'),
    })),
  );
  files.push({
    path: 'template.yaml',
    base64Content: Buffer.from(templateYaml).toString('base64'),
  });
  return { templateYaml, files };
}
