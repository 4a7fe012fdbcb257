import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { checkoutRenderedRepository } from './__testUtils__/checkoutRenderedRepository';
import { exampleFormValues } from './__testUtils__/exampleFormValues';
import {
  renderTemplate,
  type RenderedTemplate,
} from './__testUtils__/renderTemplate';

const run = promisify(execFile);

// The generated service needs Node 22 (type stripping); the tests' own Node is that one.
const NODE_22_PATH = `${path.dirname(process.execPath)}${path.delimiter}${
  process.env.PATH
}`;

describe.each(['ecs-service', 'eks-service'] as const)(
  'the application %s renders',
  templateName => {
    let rendered: RenderedTemplate;

    beforeAll(async () => {
      rendered = await renderTemplate(templateName, {
        ...exampleFormValues(templateName),
        port: 9090,
        healthCheckPath: '/internal/health',
      });
    });

    it('passes its own tests after npm ci (type check, then node --test)', async () => {
      const dir = await checkoutRenderedRepository(rendered, {
        project: 'northwind/storefront/checkout-api',
      });
      try {
        const options = {
          cwd: dir,
          env: { ...process.env, PATH: NODE_22_PATH, CI: 'true' },
          maxBuffer: 16 * 1024 * 1024,
        };
        // --prefer-offline: the two dev dependencies come from npm's cache after the first run.
        await run(
          'npm',
          ['ci', '--prefer-offline', '--no-audit', '--no-fund'],
          options,
        );
        const { stdout } = await run('npm', ['test'], options);
        expect(stdout).toMatch(/^# pass [1-9]\d*$/m);
        expect(stdout).toMatch(/^# fail 0$/m);
        await run('npm', ['run', 'build'], options);
        await expect(fs.readdir(path.join(dir, 'dist'))).resolves.toEqual(
          expect.arrayContaining(['main.js', 'server.js', 'app.js']),
        );
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    }, 180_000);

    it('has a node_modules for the image to copy after its production-dependencies stage', async () => {
      // The image copies /app/node_modules from the prod-deps stage; with no production
      // dependency `npm ci --omit=dev` creates none, and a COPY of a missing path fails the build.
      // No Docker engine here: run that stage's RUN commands on the rendered lock file.
      const dockerfile = rendered.files.get('Dockerfile')!;
      const stage = dockerfile.slice(dockerfile.indexOf(' AS prod-deps'));
      const runLine = stage.split('\n').find(line => line.startsWith('RUN '))!;
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'prod-deps-'));
      try {
        for (const file of ['package.json', 'package-lock.json']) {
          await fs.writeFile(path.join(dir, file), rendered.files.get(file)!);
        }
        await run(
          'sh',
          [
            '-c',
            runLine
              .slice('RUN '.length)
              .replace('npm ci', 'npm ci --prefer-offline'),
          ],
          {
            cwd: dir,
            env: { ...process.env, PATH: NODE_22_PATH },
          },
        );
        await expect(
          fs.stat(path.join(dir, 'node_modules')),
        ).resolves.toBeTruthy();
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    }, 120_000);

    it('serves the chosen health check path and port', () => {
      expect(rendered.files.get('src/app.ts')).toContain(
        "export const HEALTH_CHECK_PATH = '/internal/health';",
      );
      expect(rendered.files.get('src/config.ts')).toContain(
        "const DEFAULT_PORT = Number('9090');",
      );
    });

    it('builds a small image as a non-root user from a pinned base, with a HEALTHCHECK', () => {
      const dockerfile = rendered.files.get('Dockerfile')!;
      const instructions = dockerfile
        .replace(/\\\n/g, ' ')
        .split('\n')
        .filter(line => line.trim() && !line.startsWith('#'));

      const baseImage = instructions
        .find(line => line.startsWith('ARG NODE_IMAGE='))
        ?.slice('ARG NODE_IMAGE='.length);
      expect(baseImage).toMatch(
        /^node:22\.\d+\.\d+-alpine@sha256:[0-9a-f]{64}$/,
      );
      const froms = instructions.filter(line => line.startsWith('FROM '));
      expect(froms.length).toBeGreaterThanOrEqual(2);
      expect(
        froms.every(line => /^FROM \$\{NODE_IMAGE\}( AS \S+)?$/.test(line)),
      ).toBe(true);

      // The last stage is the image: it runs as the unprivileged user and checks its health.
      const finalStage = instructions.slice(
        instructions.lastIndexOf(froms[froms.length - 1]),
      );
      const users = finalStage.filter(line => line.startsWith('USER '));
      expect(users).toEqual(['USER node']);
      const healthcheck = finalStage.find(line =>
        line.startsWith('HEALTHCHECK '),
      );
      expect(healthcheck).toContain('http://127.0.0.1:${PORT}/internal/health');
      expect(finalStage).toContain('EXPOSE 9090');
      expect(finalStage.join('\n')).toContain('PORT=9090');
      expect(finalStage.join('\n')).toContain(
        'LABEL org.opencontainers.image.revision=$REVISION',
      );
      // Only the compiled output and production dependencies reach the image.
      expect(finalStage.filter(line => line.startsWith('COPY '))).toEqual([
        'COPY --from=prod-deps /app/node_modules ./node_modules',
        'COPY --from=build /app/package.json ./',
        'COPY --from=build /app/dist ./dist',
      ]);
      expect(finalStage[finalStage.length - 1]).toBe(
        'CMD ["node", "dist/main.js"]',
      );
    });

    it('keeps the build context to what the image needs', () => {
      const ignore = rendered.files.get('.dockerignore')!.split('\n');
      expect(ignore).toContain('*');
      expect(ignore).toContain('src/**/*.test.ts');
      expect(ignore.filter(line => line.startsWith('!'))).toEqual([
        '!package.json',
        '!package-lock.json',
        '!tsconfig.json',
        '!tsconfig.build.json',
        '!src',
      ]);
    });

    it('ships a lock file that pins every package without naming a registry', () => {
      const lock = JSON.parse(rendered.files.get('package-lock.json')!);
      const pkg = JSON.parse(rendered.files.get('package.json')!);
      expect(lock.name).toBe('checkout-api');
      expect(pkg.name).toBe('checkout-api');
      expect(lock.packages[''].devDependencies).toEqual(pkg.devDependencies);
      const installed = Object.entries<{
        integrity?: string;
        resolved?: string;
      }>(lock.packages).filter(([name]) => name !== '');
      expect(installed.length).toBeGreaterThan(0);
      expect(
        installed.filter(
          ([, entry]) =>
            !entry.integrity?.startsWith('sha512-') ||
            entry.resolved !== undefined,
        ),
      ).toEqual([]);
    });
  },
);
