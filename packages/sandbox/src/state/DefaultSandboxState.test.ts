import { DefaultScenario } from '../scenario/DefaultScenario';
import { DefaultSandboxState } from './DefaultSandboxState';

const now = new Date('2026-03-02T09:30:00Z');

describe('DefaultSandboxState', () => {
  const scenario = DefaultScenario.create({ now });
  const state = DefaultSandboxState.create({
    scenario,
    rolloutSeconds: 60,
    now: () => now,
  });

  it("is degraded inside the scenario's bad-deployment window only", () => {
    const id = '222222222222/eu-west-1/prod-apps/payments-gateway';
    const [window] = scenario.windows.filter(w => w.serviceId === id);
    const middle = new Date(
      (window.start.getTime() + window.end.getTime()) / 2,
    );
    expect(state.isDegraded(id, middle)).toBe(true);
    expect(state.degradedFraction(id, middle)).toBe(1);
    expect(
      state.isDegraded(id, new Date(window.start.getTime() - 60_000)),
    ).toBe(false);
    expect(state.isDegraded(id, new Date(window.end.getTime() + 120_000))).toBe(
      false,
    );
    expect(state.isDegraded(id)).toBe(false);
  });

  it('replays any past moment of a rollout from the history', () => {
    const id = '111111111111/eu-west-1/dev-apps/catalog-api';
    const history = state.services.history(id);
    const deployment = history[history.length - 1];
    const halfway = new Date(deployment.createdAt.getTime() + 30_000);
    const view = state.services.rollout(id, halfway);
    expect(
      view.deployments.map(d => [d.status, d.rolloutState, d.imageTag]),
    ).toEqual([
      ['PRIMARY', 'IN_PROGRESS', deployment.imageTag],
      ['ACTIVE', 'COMPLETED', history[history.length - 2].imageTag],
    ]);
    expect(state.services.rollout(id, now).deployments).toEqual([
      expect.objectContaining({
        status: 'PRIMARY',
        rolloutState: 'COMPLETED',
        id: deployment.id,
      }),
    ]);
  });

  it('keeps task ids stable from PENDING to RUNNING', () => {
    const id = '222222222222/eu-west-1/prod-apps/ledger-service';
    const local = DefaultSandboxState.create({
      scenario,
      rolloutSeconds: 60,
      now: () => now,
    });
    local.services.setDesiredCount(id, 4);
    const started = local.services.startDeployment(
      id,
      {
        revision: 99,
        image: 'x/ledger-service:9.0.0',
        imageTag: '9.0.0',
        reason: 'update',
      },
      now,
    );
    const at = (s: number) => new Date(now.getTime() + s * 1000);
    const early = local.services
      .tasks(id, at(1))
      .filter(t => t.deployment.id === started.id);
    const late = local.services
      .tasks(id, at(61))
      .filter(t => t.deployment.id === started.id);
    expect(early.map(t => t.lastStatus)).toEqual([
      'PENDING',
      'PENDING',
      'PENDING',
      'PENDING',
    ]);
    expect(late.map(t => t.lastStatus)).toEqual([
      'RUNNING',
      'RUNNING',
      'RUNNING',
      'RUNNING',
    ]);
    expect(late.map(t => t.id)).toEqual(early.map(t => t.id));

    // Halfway, two new tasks run and two old ones stopped when those became healthy.
    const halfway = local.services.tasks(id, at(30));
    const stopped = halfway.filter(t => t.lastStatus === 'STOPPED');
    expect(
      stopped.map(t => t.stoppedAt!.getTime() - now.getTime()).sort(),
    ).toEqual([15_000, 30_000]);
    expect(halfway.filter(t => t.lastStatus === 'RUNNING')).toHaveLength(4);
  });
});
