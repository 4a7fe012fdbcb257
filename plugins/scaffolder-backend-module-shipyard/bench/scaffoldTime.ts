/*
 * Benchmark: wall time from submitting the Create form to a completed task, against the real
 * backend on the embedded default and its sandbox (AWS and the GitLab stand-in).
 *
 * As the browser does it: the demo developer ana.lima signs in, her GitLab token goes in the
 * task's secrets (USER_OAUTH_TOKEN, as the ShipyardGitlabProject field puts it there), and
 * POST /api/scaffolder/v2/tasks creates the task from template:default/<template> with the
 * example form values and a new service name. The clock runs from the POST until a poll of
 * GET /api/scaffolder/v2/tasks/:id/events (every 50 ms) sees its completion event. Per step,
 * the time from the poll that sees its first event to the one that sees it completed. After each run, the time until
 * the new entity is served by the catalog is measured separately (not in the task's time):
 * catalog:register adds the location and the catalog processes it afterwards.
 *
 *   yarn workspace @internal/plugin-scaffolder-backend-module-shipyard bench:scaffold-time [--runs 5] [--user ana.lima] [--templates <dir>]
 *
 * --user: the demo persona who submits the form, with their own GitLab token (ana.lima, a
 * developer of the storefront team, by default).
 * --templates: a folder laid out as templates/ (all.yaml, the templates, skeletons/) to measure
 * instead of the repository's own.
 */
import { gitlabPersonalToken } from 'sandbox';
import { exampleFormValues } from '../src/templates/__testUtils__/exampleFormValues';
import { startBenchPortal } from './startBenchPortal';
import { arg, machine, summarize } from './summarize';

const TEMPLATES = ['ecs-service', 'eks-service'] as const;
const POLL_MS = 50;

interface TaskEvent {
  id: number;
  type: string;
  createdAt: string;
  body: { message?: string; stepId?: string; status?: string };
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function expectOk(res: Response, what: string) {
  if (!res.ok) {
    throw new Error(`${what}: ${res.status} ${await res.text()}`);
  }
  return res.json();
}

async function waitFor200(url: string, token: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.ok) return;
    if (Date.now() > deadline) {
      throw new Error(`${url} still answers ${res.status}`);
    }
    await sleep(POLL_MS);
  }
}

/**
 * The demo sign-in as the sign-in page does it. The catalog ingests the demo users a few
 * seconds after the backend is ready, and until then the sign-in answers 404.
 */
async function signIn(baseUrl: string, userRef: string): Promise<string> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const res = await fetch(`${baseUrl}/api/auth/demo/refresh`, {
      headers: {
        'x-shipyard-demo-user': userRef,
        'x-requested-with': 'XMLHttpRequest',
      },
    });
    if (res.status !== 404 || Date.now() > deadline) {
      const body = await expectOk(res, `demo sign-in as ${userRef}`);
      return body.backstageIdentity.token;
    }
    await sleep(500);
  }
}

async function main() {
  const runs = arg('runs', 5);
  const user = option('user') ?? 'ana.lima';
  const portal = await startBenchPortal({ templatesDir: option('templates') });
  const { baseUrl } = portal;
  try {
    const token = await signIn(baseUrl, `user:default/${user}`);
    const gitlabToken = gitlabPersonalToken(user);
    const me = await expectOk(
      await fetch(`${portal.sandboxUrl}/gitlab/api/v4/user`, {
        headers: { 'private-token': gitlabToken },
      }),
      'GitLab token check',
    );
    if (me.username !== user) {
      throw new Error(`the GitLab token is ${me.username}'s, not ${user}'s`);
    }
    const auth = {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    };
    for (const template of TEMPLATES) {
      await waitFor200(
        `${baseUrl}/api/catalog/entities/by-name/template/default/${template}`,
        token,
        120_000,
      );
    }

    const gitlabHost = new URL(portal.sandboxUrl).host;
    const stamp = Date.now().toString(36);
    const scaffold = async (
      template: (typeof TEMPLATES)[number],
      i: number,
    ) => {
      const name = `b${stamp}-${template.slice(0, 3)}-${i}`;
      const body = JSON.stringify({
        templateRef: `template:default/${template}`,
        values: {
          ...exampleFormValues(template),
          name,
          repoUrl: `${gitlabHost}?owner=northwind%2Fstorefront&repo=${name}`,
        },
        secrets: { USER_OAUTH_TOKEN: gitlabToken },
      });
      const start = performance.now();
      const { id } = await expectOk(
        await fetch(`${baseUrl}/api/scaffolder/v2/tasks`, {
          method: 'POST',
          headers: auth,
          body,
        }),
        `create a task from ${template}`,
      );
      // The events' createdAt has whole seconds on SQLite, so each event is timed by when a
      // poll first sees it (at most POLL_MS late).
      const stepStart: Record<string, number> = {};
      const stepMs: Record<string, number> = {};
      let after: number | undefined;
      const messages: string[] = [];
      let completion: TaskEvent | undefined;
      while (!completion) {
        await sleep(POLL_MS);
        const events: TaskEvent[] = await expectOk(
          await fetch(
            `${baseUrl}/api/scaffolder/v2/tasks/${id}/events${
              after === undefined ? '' : `?after=${after}`
            }`,
            { headers: auth },
          ),
          `events of task ${id}`,
        );
        const seenAt = performance.now();
        for (const event of events) {
          after = event.id;
          messages.push(event.body.message ?? '');
          const { stepId, status } = event.body;
          if (event.type === 'completion') completion = event;
          if (!stepId) continue;
          stepStart[stepId] ??= seenAt;
          if (status === 'completed')
            stepMs[stepId] = seenAt - stepStart[stepId];
        }
      }
      const taskMs = performance.now() - start;
      const task = await expectOk(
        await fetch(`${baseUrl}/api/scaffolder/v2/tasks/${id}`, {
          headers: auth,
        }),
        `task ${id}`,
      );
      if (task.status !== 'completed') {
        throw new Error(`task ${id} ${task.status}: ${messages.slice(-4)}`);
      }
      const catalogStart = performance.now();
      await waitFor200(
        `${baseUrl}/api/catalog/entities/by-name/component/default/${name}`,
        token,
        120_000,
      );
      const catalogMs = performance.now() - catalogStart;
      return { taskMs, catalogMs, steps: stepMs };
    };

    const results: Record<string, unknown> = {};
    for (const template of TEMPLATES) {
      const warmUp = await scaffold(template, 0);
      const samples: Array<Awaited<ReturnType<typeof scaffold>>> = [];
      for (let i = 1; i <= runs; i++) {
        samples.push(await scaffold(template, i));
      }
      const stepIds = Object.keys(samples[0].steps);
      results[template] = {
        warmUpS: Number((warmUp.taskMs / 1000).toFixed(2)),
        submitToCompleted: summarize(samples.map(s => s.taskMs)),
        completedToInCatalog: summarize(samples.map(s => s.catalogMs)),
        stepMedians: Object.fromEntries(
          stepIds.map(step => [
            step,
            summarize(samples.map(s => s.steps[step] ?? 0)).medianS,
          ]),
        ),
      };
    }
    // eslint-disable-next-line no-console
    console.log(JSON.stringify({ machine: machine(), user, results }, null, 2));
  } finally {
    await portal.stop();
  }
}

main().catch(e => {
  // eslint-disable-next-line no-console
  console.error(e);
  process.exitCode = 1;
});
