import { execFileSync } from 'node:child_process';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import {
  createTemplateTask,
  dryRunTemplate,
} from './__testUtils__/dryRunTemplate';
import { exampleFormValues } from './__testUtils__/exampleFormValues';
import { renderTemplate } from './__testUtils__/renderTemplate';

const TEMPLATES = ['ecs-service', 'eks-service'] as const;

// Values a form would never send but a direct POST can: each must be refused by the
// scaffolder itself, before any step runs, naming the field.
const HOSTILE_VALUES: Array<[field: string, value: unknown]> = [
  ['name', 'Checkout API'],
  ['name', 'CheckoutApi'],
  ['name', '$(rm -rf /)'],
  ['name', '"; DROP TABLE services; --'],
  ['name', 'svc: {'],
  ['name', 'checkout\napi'],
  ['name', 'checkout-api\n'],
  ['name', 'a'.repeat(25)],
  ['name', 'ab'],
  ['name', '-checkout'],
  ['name', 'checkout-'],
  ['name', 'checkout--api'],
  ['name', '9checkout'],
  ['description', 'x'.repeat(201)],
  ['description', ''],
  ['owner', 'group:default/team-storefront; rm -rf /'],
  ['owner', 'user:default/ana.lima'],
  ['system', 'storefront\nkind: Group'],
  ['system', 'system:default/Store Front'],
  ['environments', []],
  ['environments', ['dev; rm -rf /']],
  ['environments', ['dev', 'dev']],
  ['environments', ['resource:default/dev: {']],
  ['healthCheckPath', 'healthz'],
  ['healthCheckPath', '/healthz; rm -rf /'],
  ['healthCheckPath', '/$(id)'],
  ['healthCheckPath', '/health z'],
  ['healthCheckPath', '/"quoted"'],
  ['healthCheckPath', `/${'a'.repeat(100)}`],
  ['port', 80],
  ['port', 70000],
  ['port', '8080'],
  ['exposure', 'public'],
  ['minCount', 0],
  ['maxCount', 100],
  [
    'repoUrl',
    'localhost:4566?owner=northwind%2Fstorefront&repo=x&owner=platform',
  ],
  ['repoUrl', 'localhost:4566?owner=$(id)&repo=checkout-api'],
  ['repoUrl', 'evil host?owner=northwind&repo=checkout-api'],
  ['repoUrl', 'localhost:4566?owner=northwind\n&repo=checkout-api'],
];

describe.each(TEMPLATES)('%s refuses on the server', templateName => {
  it.each(HOSTILE_VALUES)('%s = %j', async (field, value) => {
    const { status, body } = await dryRunTemplate(templateName, {
      ...exampleFormValues(templateName),
      [field]: value,
    });
    expect(status).toBe(400);
    expect(body.errors.map((e: { property: string }) => e.property)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^instance\\.${field}\\b`)),
      ]),
    );
  });

  it.each(HOSTILE_VALUES)(
    'refuses to create a task with %s = %j',
    async (field, value) => {
      const { status, body } = await createTemplateTask(templateName, {
        ...exampleFormValues(templateName),
        [field]: value,
      });
      expect(status).toBe(400);
      expect(body.errors.map((e: { property: string }) => e.property)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(new RegExp(`^instance\\.${field}\\b`)),
        ]),
      );
    },
  );

  it('accepts the example values (so the refusals above are about the field)', async () => {
    const { status, body } = await dryRunTemplate(
      templateName,
      exampleFormValues(templateName),
    );
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
  });
});

describe('ecs-service', () => {
  it.each([
    [256, 4096],
    [512, 512],
    [1024, 1024],
    [2048, 2048],
    [4096, 8192],
  ])(
    'refuses %i CPU units with %i MiB, a pair Fargate does not run',
    async (cpu, memory) => {
      const { status } = await dryRunTemplate('ecs-service', {
        ...exampleFormValues('ecs-service'),
        cpu,
        memory,
      });
      expect(status).toBe(400);
    },
  );

  it.each([
    [256, 512],
    [512, 4096],
    [1024, 8192],
    [2048, 4096],
  ])('accepts %i CPU units with %i MiB', async (cpu, memory) => {
    const { status } = await dryRunTemplate('ecs-service', {
      ...exampleFormValues('ecs-service'),
      cpu,
      memory,
    });
    expect(status).toBe(200);
  });
});

// Free text reaches YAML, JSON, HCL, shell and Markdown: whatever it holds, each file must
// still parse and the text must arrive unchanged.
const HOSTILE_DESCRIPTIONS = [
  `Takes "orders": {a: [1, 2]} & more # not a comment`,
  `$(rm -rf /) \`id\` \${HOME} '; DROP TABLE services; --`,
  `Line one\nkind: Group\n---\nmetadata: {}`,
  `\${{ values.name }} {% raw %} {{ 7*7 }} {# x #}`,
  `back\\slash \\n tab\there "} EOF\n<<EOF`,
  `Ünïcödé — “quotes” 🚢 \u2028 end`,
];

function findString(value: unknown, wanted: string): boolean {
  if (typeof value === 'string') {
    return value === wanted;
  }
  if (value && typeof value === 'object') {
    return Object.values(value).some(v => findString(v, wanted));
  }
  return false;
}

// Why a rendered file would not parse as what its name says, if it would not.
async function parseProblems(file: string, content: string): Promise<string[]> {
  try {
    if (/\.ya?ml$/.test(file)) {
      return parseAllDocuments(content).flatMap(doc =>
        doc.errors.map(error => `${file}: ${error.message}`),
      );
    }
    if (file.endsWith('.json')) {
      JSON.parse(content);
    } else if (file.endsWith('.tf')) {
      await parseHcl(file, content);
    } else if (file.endsWith('.sh')) {
      execFileSync('bash', ['-n'], { input: content, stdio: 'pipe' });
    }
    return [];
  } catch (error) {
    return [`${file}: ${error}`];
  }
}

describe.each(TEMPLATES)('%s with a hostile description', templateName => {
  it.each(HOSTILE_DESCRIPTIONS)(
    '%j parses everywhere and is carried verbatim',
    async description => {
      const rendered = await renderTemplate(templateName, {
        ...exampleFormValues(templateName),
        description,
      });

      const catalogInfo = parseYaml(rendered.files.get('catalog-info.yaml')!);
      expect(catalogInfo.metadata.description).toBe(description);
      expect(catalogInfo.metadata.name).toBe('checkout-api');
      expect(catalogInfo.kind).toBe('Component');
      expect(rendered.files.get('README.md')).toContain(description);

      const problems: string[] = [];
      for (const [file, content] of rendered.files) {
        problems.push(...(await parseProblems(file, content)));
        // A JSON file that carries the description (e.g. tfvars) carries it verbatim.
        if (
          file.endsWith('.json') &&
          content.includes(JSON.stringify(description).slice(1, 9)) &&
          !findString(JSON.parse(content), description)
        ) {
          problems.push(`${file}: the description is not carried verbatim`);
        }
      }
      expect(problems).toEqual([]);
    },
  );
});
