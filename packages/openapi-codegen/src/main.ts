import fs from 'node:fs';
import path from 'node:path';
import { findContracts } from './findContracts';
import { generateContract } from './generateContract';

const USAGE = `Usage: shipyard-openapi generate | check

  generate  write each backend plugin's router and its -common client from src/schema/openapi.yaml
  check     fail when a generated file differs from what its spec generates (CI runs this)`;

/** Generates, or checks, every contract in the repository at `root`. */
export async function run(command: string, root: string): Promise<string[]> {
  const stale: string[] = [];
  for (const contract of findContracts(root)) {
    const files = await generateContract(contract, root);
    for (const [file, content] of files) {
      const current = fs.existsSync(file)
        ? fs.readFileSync(file, 'utf8')
        : undefined;
      if (current === content) {
        continue;
      }
      stale.push(path.relative(root, file));
      if (command === 'generate') {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, content);
      }
    }
  }
  return stale;
}

export function main(argv: string[]): void {
  const [command] = argv;
  if (command !== 'generate' && command !== 'check') {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  // Yarn runs the root's scripts from the repository root.
  const root = process.cwd();
  run(command, root).then(
    stale => {
      if (command === 'generate') {
        process.stdout.write(
          stale.length
            ? `Wrote ${stale.join(', ')}\n`
            : 'Every generated file was current.\n',
        );
        return;
      }
      if (stale.length) {
        process.stderr.write(
          `These files do not match their OpenAPI spec: ${stale.join(
            ', ',
          )}.\nRun \`yarn openapi:generate\` and commit the result.\n`,
        );
        process.exit(1);
      }
      process.stdout.write('Every generated file matches its OpenAPI spec.\n');
    },
    error => {
      process.stderr.write(
        `${error instanceof Error ? error.message : error}\n`,
      );
      process.exit(1);
    },
  );
}
