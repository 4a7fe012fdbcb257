import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { checkoutApi, responseError } from '@internal/shipyard-react/testing';
import { deploymentsApiRef } from '../../api/deploymentsApiRef';
import {
  checkoutDeployments,
  mockDeploymentsApi,
  rollbackPlan,
  rollbackRecord,
  v140,
  v141,
} from '../../testing/fixtures';
import { DeploymentsContent } from '../DeploymentsContent';

const stagingTarget = checkoutDeployments.items[1].targets[0];
const prodTarget = checkoutDeployments.items[2].targets[0];

/** An SRE's view: rollback allowed everywhere. */
const sreDeployments = {
  ...checkoutDeployments,
  items: checkoutDeployments.items.map(item => ({
    ...item,
    rollback: { allowed: true },
  })),
};

function setup(user = userEvent.setup({ delay: null })) {
  const { api, mocks } = mockDeploymentsApi();
  mocks.getComponentDeployments.mockResolvedValue(sreDeployments);
  mocks.getRollbackPlan.mockResolvedValue(rollbackPlan());
  renderInTestApp(
    <EntityProvider entity={checkoutApi}>
      <DeploymentsContent />
    </EntityProvider>,
    { apis: [[deploymentsApiRef, api]] },
  );
  return { mocks, user };
}

async function openDialog(
  user: ReturnType<typeof userEvent.setup>,
  environment: string,
) {
  const section = within(
    await screen.findByRole('region', { name: `${environment} deployments` }),
  );
  await user.click(section.getByRole('button', { name: 'Roll back' }));
  const dialog = within(await screen.findByRole('dialog'));
  await dialog.findByText('What changes');
  return dialog;
}

describe('RollbackDialog', () => {
  it('plans the rollback of the chosen target and shows what changes', async () => {
    const { mocks, user } = setup();
    const dialog = await openDialog(user, 'staging');

    expect(mocks.getRollbackPlan).toHaveBeenCalledWith({
      path: {
        namespace: 'default',
        kind: 'component',
        name: 'checkout-api',
        environment: 'staging',
      },
      query: { target: stagingTarget.id, toRevision: undefined },
    });
    expect(
      dialog.getByRole('heading', {
        name: 'Roll back checkout-api in Staging',
      }),
    ).toBeInTheDocument();
    expect(
      dialog.getByRole('combobox', { name: 'Roll back to' }),
    ).toHaveTextContent('1.41.0 · checkout-api:41');
    const changes = within(dialog.getByLabelText('Changes'));
    expect(changes.getByText(v141.image)).toBeInTheDocument();
    expect(changes.getByText('Memory').nextElementSibling).toHaveTextContent(
      '1024 → 512',
    );
    expect(
      changes.getByText('Variables removed').nextElementSibling,
    ).toHaveTextContent('FEATURE_FAST_CHECKOUT');
    expect(
      changes.getByText('Secrets removed').nextElementSibling,
    ).toHaveTextContent('STRIPE_WEBHOOK_SECRET');
  });

  it('reloads the plan for another candidate', async () => {
    const { mocks, user } = setup();
    const dialog = await openDialog(user, 'staging');
    mocks.getRollbackPlan.mockResolvedValue(rollbackPlan({ to: v140 }));

    await user.click(dialog.getByRole('combobox', { name: 'Roll back to' }));
    await user.click(await screen.findByRole('option', { name: /^1\.40\.0/ }));

    await waitFor(() =>
      expect(mocks.getRollbackPlan).toHaveBeenLastCalledWith(
        expect.objectContaining({
          query: { target: stagingTarget.id, toRevision: v140.id },
        }),
      ),
    );
    await waitFor(() =>
      expect(
        dialog.getByRole('combobox', { name: 'Roll back to' }),
      ).toHaveTextContent('1.40.0 · checkout-api:40'),
    );
  });

  it('needs a reason that is not blank', async () => {
    const { user } = setup();
    const dialog = await openDialog(user, 'staging');
    const confirm = dialog.getByRole('button', { name: 'Roll back' });

    expect(confirm).toBeDisabled();
    await user.type(dialog.getByRole('textbox', { name: 'Reason' }), '   ');
    expect(confirm).toBeDisabled();
    await user.type(
      dialog.getByRole('textbox', { name: 'Reason' }),
      'p99 doubled',
    );
    expect(confirm).toBeEnabled();
  });

  it('in prod, needs the environment’s name typed exactly', async () => {
    const { mocks, user } = setup();
    mocks.getRollbackPlan.mockResolvedValue(
      rollbackPlan({
        environment: { name: 'prod', title: 'Production', tier: 'prod' },
        target: prodTarget.id,
        from: v141,
        to: v140,
        candidates: [v140],
        confirmationRequired: true,
      }),
    );
    mocks.createRollback.mockResolvedValue(
      rollbackRecord({ environment: 'prod' }),
    );
    mocks.getRollback.mockResolvedValue(
      rollbackRecord({ environment: 'prod' }),
    );
    const dialog = await openDialog(user, 'prod');
    const confirm = dialog.getByRole('button', { name: 'Roll back' });

    await user.type(
      dialog.getByRole('textbox', { name: 'Reason' }),
      'bad deploy',
    );
    expect(confirm).toBeDisabled();
    const typed = dialog.getByRole('textbox', { name: 'Type prod to confirm' });
    await user.type(typed, 'Prod');
    expect(confirm).toBeDisabled();
    await user.clear(typed);
    await user.type(typed, 'prod');
    expect(confirm).toBeEnabled();

    await user.click(confirm);
    expect(mocks.createRollback).toHaveBeenCalledWith({
      path: { namespace: 'default', kind: 'component', name: 'checkout-api' },
      headers: { 'Idempotency-Key': expect.stringMatching(/^[0-9a-f-]{36}$/) },
      body: {
        environment: 'prod',
        target: prodTarget.id,
        toRevision: v140.id,
        reason: 'bad deploy',
        confirmation: 'prod',
      },
    });
  });

  it('shows a 409 naming the running rollback, and retries with the same Idempotency-Key', async () => {
    const { mocks, user } = setup();
    mocks.createRollback
      .mockRejectedValueOnce(
        await responseError(
          409,
          'ConflictError',
          'Rollback 7d1e2f3a of checkout-api in staging is still running',
        ),
      )
      .mockResolvedValueOnce(rollbackRecord());
    mocks.getRollback.mockResolvedValue(rollbackRecord());
    const dialog = await openDialog(user, 'staging');

    await user.type(
      dialog.getByRole('textbox', { name: 'Reason' }),
      ' p99 doubled ',
    );
    await user.click(dialog.getByRole('button', { name: 'Roll back' }));

    const alert = await dialog.findByRole('alert');
    expect(alert).toHaveTextContent(
      'A rollback of this service is already running',
    );
    expect(alert).toHaveTextContent(
      'Rollback 7d1e2f3a of checkout-api in staging is still running',
    );

    await user.click(dialog.getByRole('button', { name: 'Roll back' }));
    await dialog.findByRole('region', { name: 'Rollback progress' });

    expect(mocks.createRollback).toHaveBeenCalledTimes(2);
    const [first, second] = mocks.createRollback.mock.calls.map(
      ([request]) => request,
    );
    expect(first.headers['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.headers['Idempotency-Key']).toBe(
      first.headers['Idempotency-Key'],
    );
    expect(second.body).toEqual({
      environment: 'staging',
      target: stagingTarget.id,
      toRevision: v141.id,
      reason: 'p99 doubled',
      confirmation: undefined,
    });
  });

  it('sends one request for a double click', async () => {
    const { mocks, user } = setup();
    let answer: (value: unknown) => void = () => {};
    mocks.createRollback.mockReturnValue(
      new Promise(resolve => (answer = resolve)),
    );
    mocks.getRollback.mockResolvedValue(rollbackRecord());
    const dialog = await openDialog(user, 'staging');

    await user.type(
      dialog.getByRole('textbox', { name: 'Reason' }),
      'p99 doubled',
    );
    await user.dblClick(dialog.getByRole('button', { name: 'Roll back' }));
    act(() => answer(rollbackRecord()));

    await dialog.findByRole('region', { name: 'Rollback progress' });
    expect(mocks.createRollback).toHaveBeenCalledTimes(1);
  });

  it('makes a new Idempotency-Key for each opening', async () => {
    const { mocks, user } = setup();
    mocks.createRollback.mockRejectedValue(
      await responseError(403, 'NotAllowedError', 'Not yours'),
    );
    for (let i = 0; i < 2; i++) {
      const dialog = await openDialog(user, 'staging');
      await user.type(dialog.getByRole('textbox', { name: 'Reason' }), 'why');
      await user.click(dialog.getByRole('button', { name: 'Roll back' }));
      expect(await dialog.findByRole('alert')).toHaveTextContent(
        'You may not roll back hereNot yours',
      );
      await user.click(dialog.getByRole('button', { name: 'Cancel' }));
      await waitFor(() =>
        expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
      );
    }
    const [first, second] = mocks.createRollback.mock.calls.map(
      ([request]) => request.headers['Idempotency-Key'],
    );
    expect(second).not.toBe(first);
  });

  describe('after the rollback is accepted', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('follows it every 2 s until it succeeds, then reloads what runs where', async () => {
      const { mocks, user } = setup(
        userEvent.setup({ advanceTimers: jest.advanceTimersByTime }),
      );
      mocks.createRollback.mockResolvedValue(rollbackRecord());
      mocks.getRollback
        .mockResolvedValueOnce(
          rollbackRecord({
            state: 'rolling-out',
            steps: [
              { state: 'requested', at: new Date().toISOString() },
              { state: 'mutating', at: new Date().toISOString() },
              {
                state: 'rolling-out',
                at: new Date().toISOString(),
                message: 'UpdateService issued',
              },
            ],
            rollout: {
              rolloutState: 'IN_PROGRESS',
              desiredCount: 3,
              runningCount: 1,
              pendingCount: 2,
              observedAt: new Date().toISOString(),
            },
          }),
        )
        .mockResolvedValueOnce(
          rollbackRecord({
            state: 'succeeded',
            steps: [
              { state: 'requested', at: new Date().toISOString() },
              { state: 'succeeded', at: new Date().toISOString() },
            ],
            rollout: {
              rolloutState: 'COMPLETED',
              desiredCount: 3,
              runningCount: 3,
              pendingCount: 0,
              observedAt: new Date().toISOString(),
            },
          }),
        );
      const dialog = await openDialog(user, 'staging');
      await user.type(
        dialog.getByRole('textbox', { name: 'Reason' }),
        'p99 doubled',
      );
      await user.click(dialog.getByRole('button', { name: 'Roll back' }));

      const progress = within(
        await dialog.findByRole('region', { name: 'Rollback progress' }),
      );
      expect(progress.getByText('Requested')).toBeInTheDocument();
      expect(mocks.getRollback).not.toHaveBeenCalled();

      await act(async () => {
        jest.advanceTimersByTime(2_000);
      });
      expect(mocks.getRollback).toHaveBeenCalledWith({
        path: { id: rollbackRecord().id },
      });
      expect(
        await progress.findByText('Rollout: 1 of 3 running, 2 pending'),
      ).toBeInTheDocument();
      expect(progress.getByText('UpdateService issued')).toBeInTheDocument();
      expect(mocks.getComponentDeployments).toHaveBeenCalledTimes(1);

      await act(async () => {
        jest.advanceTimersByTime(2_000);
      });
      expect(
        await progress.findByText('Rolled back to 1.41.0.'),
      ).toBeInTheDocument();
      expect(
        progress.getByText('Rollout: 3 of 3 running, 0 pending'),
      ).toBeInTheDocument();
      await waitFor(() =>
        expect(mocks.getComponentDeployments).toHaveBeenCalledTimes(2),
      );

      await act(async () => {
        jest.advanceTimersByTime(10_000);
      });
      expect(mocks.getRollback).toHaveBeenCalledTimes(2);
      expect(dialog.getByRole('button', { name: 'Close' })).toBeEnabled();
    });

    it('shows why it failed', async () => {
      const { mocks, user } = setup(
        userEvent.setup({ advanceTimers: jest.advanceTimersByTime }),
      );
      mocks.createRollback.mockResolvedValue(rollbackRecord());
      mocks.getRollback.mockResolvedValue(
        rollbackRecord({
          state: 'failed',
          error: 'Tasks of checkout-api:41 failed health checks',
        }),
      );
      const dialog = await openDialog(user, 'staging');
      await user.type(
        dialog.getByRole('textbox', { name: 'Reason' }),
        'p99 doubled',
      );
      await user.click(dialog.getByRole('button', { name: 'Roll back' }));
      await dialog.findByRole('region', { name: 'Rollback progress' });

      await act(async () => {
        jest.advanceTimersByTime(2_000);
      });
      expect(
        await dialog.findByText(
          'The rollback failed: Tasks of checkout-api:41 failed health checks',
        ),
      ).toBeInTheDocument();
    });
  });
});
