import fs from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { TEMPLATES_DIRECTORY } from './__testUtils__/templateDirectoryContents';

async function filesUnder(directory: string): Promise<string[]> {
  const entries = await fs.readdir(directory, {
    recursive: true,
    withFileTypes: true,
  });
  return entries
    .filter(entry => entry.isFile())
    .map(entry => path.join(entry.parentPath, entry.name));
}

/** Every property a form page declares, those its `dependencies` add included. */
function formFields(parameters: any[]): string[] {
  const fields = new Set<string>();
  const collect = (schema: any) => {
    for (const name of Object.keys(schema?.properties ?? {})) {
      fields.add(name);
    }
    for (const dependency of Object.values<any>(schema?.dependencies ?? {})) {
      for (const branch of dependency.oneOf ?? [dependency]) {
        collect(branch);
      }
    }
  };
  parameters.forEach(collect);
  return [...fields];
}

describe.each(['ecs-service', 'eks-service'])('the %s form', templateName => {
  let template: any;
  let skeletonText: string;

  beforeAll(async () => {
    template = parseYaml(
      await fs.readFile(
        path.join(TEMPLATES_DIRECTORY, `${templateName}.yaml`),
        'utf8',
      ),
    );
    // The skeletons the template's fetch:template steps render, as one text to search.
    const skeletons = template.spec.steps
      .filter((step: any) => step.action === 'fetch:template')
      .map((step: any) => path.join(TEMPLATES_DIRECTORY, step.input.url));
    const files = (await Promise.all(skeletons.map(filesUnder))).flat();
    skeletonText = (
      await Promise.all(files.map(file => fs.readFile(file, 'utf8')))
    ).join('\n');
  });

  it('asks only for what its steps use', () => {
    const steps = JSON.stringify([template.spec.steps, template.spec.output]);
    const unused = formFields(template.spec.parameters).filter(
      field => !new RegExp(`parameters\\.${field}\\b`).test(steps),
    );
    expect(unused).toEqual([]);
  });

  it('passes the skeletons only values they use', () => {
    const fetches = template.spec.steps.filter(
      (step: any) => step.action === 'fetch:template',
    );
    expect(fetches.length).toBeGreaterThanOrEqual(2);
    const unused = new Set<string>();
    for (const step of fetches) {
      for (const key of Object.keys(step.input.values)) {
        if (!new RegExp(`values\\.${key}\\b`).test(skeletonText)) {
          unused.add(key);
        }
      }
    }
    expect([...unused]).toEqual([]);
  });
});
