import fs from 'node:fs';
import path from 'node:path';

// No Docker engine runs here, so docker/Dockerfile is checked as text: what it promises about
// the production image (docs/deployment.md) must hold in the file that builds it.

const dockerfile = path.resolve(__dirname, '../../../docker/Dockerfile');

interface Instruction {
  keyword: string;
  args: string;
}

/** The Dockerfile's instructions, continuation lines joined, comments left out. */
function readInstructions(): Instruction[] {
  return fs
    .readFileSync(dockerfile, 'utf8')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map(line => line.trim())
    .filter(line => line && !line.startsWith('#'))
    .map(line => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

/** The instructions of each stage, by its name (or index), in order. */
function readStages(instructions: Instruction[]) {
  const stages: { name: string; from: string; body: Instruction[] }[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [from, as, name] = instruction.args
        .replace(/--platform=\S+\s*/, '')
        .split(/\s+/);
      stages.push({
        name: as?.toUpperCase() === 'AS' ? name : String(stages.length),
        from,
        body: [],
      });
    } else if (stages.length) {
      stages[stages.length - 1].body.push(instruction);
    }
  }
  return stages;
}

describe('docker/Dockerfile', () => {
  const instructions = readInstructions();
  const stages = readStages(instructions);
  const runtime = stages[stages.length - 1];

  it('pins every base image by digest', () => {
    // Build arguments declared before the first FROM, with their defaults.
    const globalArgs = new Map<string, string>();
    for (const instruction of instructions) {
      if (instruction.keyword === 'FROM') break;
      if (instruction.keyword === 'ARG') {
        const [name, value = ''] = instruction.args.split('=');
        globalArgs.set(name, value);
      }
    }
    const earlierStages = new Set<string>();
    const bases: string[] = [];
    for (const stage of stages) {
      if (!earlierStages.has(stage.from)) {
        bases.push(
          stage.from.replace(
            /^\$\{(\w+)\}$/,
            (_, name) => globalArgs.get(name) ?? '',
          ),
        );
      }
      earlierStages.add(stage.name);
    }
    expect(bases.length).toBeGreaterThan(0);
    for (const base of bases) {
      expect(base).toMatch(/^[\w./:-]+@sha256:[0-9a-f]{64}$/);
    }
  });

  it('runs as a user other than root, set last', () => {
    const users = runtime.body.filter(i => i.keyword === 'USER');
    expect(users.length).toBeGreaterThan(0);
    const user = users[users.length - 1].args.split(':')[0];
    expect(['root', '0', '']).not.toContain(user);
    // Nothing after it runs or copies as that user.
    const after = runtime.body.slice(
      runtime.body.lastIndexOf(users[users.length - 1]) + 1,
    );
    expect(
      after.filter(i => ['RUN', 'COPY', 'ADD'].includes(i.keyword)),
    ).toEqual([]);
  });

  it('leaves the app files owned by root, so the runtime user cannot change them', () => {
    const copies = runtime.body.filter(i =>
      ['COPY', 'ADD'].includes(i.keyword),
    );
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      expect(copy.args).not.toMatch(/--chown|--chmod/);
    }
  });

  it('runs with NODE_ENV=production, which refuses the development-only settings', () => {
    expect(
      runtime.body.filter(i => i.keyword === 'ENV').map(i => i.args),
    ).toContain('NODE_ENV=production');
  });
});
