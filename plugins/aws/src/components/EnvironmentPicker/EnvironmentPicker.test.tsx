import { useState } from 'react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AwsClient, ShipyardEnvironment } from '@internal/plugin-aws-common';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { awsApiRef } from '../../api/awsApiRef';
import { EnvironmentPicker } from './EnvironmentPicker';
import { validateEnvironmentChoice } from './validateEnvironmentChoice';

// Configuration order on purpose: prod first, then dev and staging.
const environments: ShipyardEnvironment[] = [
  {
    name: 'prod',
    title: 'Production',
    tier: 'prod',
    accounts: [{ accountId: '222222222222', regions: ['eu-west-1'] }],
    ecsClusters: [
      { name: 'prod-apps', accountId: '222222222222', region: 'eu-west-1' },
    ],
    eksClusters: [
      { name: 'prod-eks', accountId: '222222222222', region: 'eu-west-1' },
    ],
  },
  {
    name: 'dev',
    title: 'Development',
    tier: 'dev',
    accounts: [{ accountId: '111111111111', regions: ['eu-west-1'] }],
    ecsClusters: [
      { name: 'dev-apps', accountId: '111111111111', region: 'eu-west-1' },
    ],
    eksClusters: [],
  },
  {
    name: 'staging',
    title: 'Staging',
    tier: 'staging',
    accounts: [{ accountId: '111111111111', regions: ['eu-west-1'] }],
    ecsClusters: [
      { name: 'staging-apps', accountId: '111111111111', region: 'eu-west-1' },
    ],
    eksClusters: [
      { name: 'staging-eks', accountId: '111111111111', region: 'eu-west-1' },
    ],
  },
];

/** The aws backend's GET /environments, failing the first `failures` times. */
function backend(options: { failures?: number } = {}) {
  let failures = options.failures ?? 0;
  return new AwsClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backend' }),
    fetchApi: mockApis.fetch({
      baseImplementation: (async () => {
        if (failures-- > 0) {
          return new Response(
            JSON.stringify({
              error: { name: 'Error', message: 'backend unavailable' },
            }),
            { status: 503, headers: { 'content-type': 'application/json' } },
          );
        }
        return new Response(JSON.stringify({ items: environments }), {
          headers: { 'content-type': 'application/json' },
        });
      }) as typeof fetch,
    }),
  });
}

/** The field inside a form that keeps its value, as the scaffolder's form does. */
function renderPicker(
  runtime: 'ecs' | 'eks' | undefined,
  api = backend(),
  initial?: string[],
) {
  const values: Array<string[] | undefined> = [];
  function Form() {
    const [formData, setFormData] = useState<string[] | undefined>(initial);
    const props = {
      formData,
      onChange: (value: string[] | undefined) => {
        values.push(value);
        setFormData(value);
      },
      schema: { title: 'Environments', description: 'Where it deploys.' },
      uiSchema: { 'ui:options': { runtime } },
      rawErrors: [],
      required: true,
    } as unknown as Parameters<typeof EnvironmentPicker>[0];
    return <EnvironmentPicker {...props} />;
  }
  renderInTestApp(<Form />, { apis: [[awsApiRef, api]] });
  return values;
}

describe('EnvironmentPicker', () => {
  it('offers the environments with a cluster of the runtime, in tier order, all ticked', async () => {
    const values = renderPicker('eks');
    const boxes = await screen.findAllByRole('checkbox');
    // dev has no EKS cluster, so the EKS template cannot deploy there.
    expect(boxes.map(b => b.getAttribute('aria-label'))).toEqual([
      'Staging',
      'Production',
    ]);
    await waitFor(() => expect(values.at(-1)).toEqual(['staging', 'prod']));
    expect(boxes.every(b => (b as HTMLInputElement).checked)).toBe(true);
    expect(screen.getByText('staging-eks · eu-west-1')).toBeInTheDocument();
  });

  it('keeps the tier order whatever order the boxes are ticked in', async () => {
    const values = renderPicker('ecs');
    await waitFor(() =>
      expect(values.at(-1)).toEqual(['dev', 'staging', 'prod']),
    );
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Development' }),
    );
    expect(values.at(-1)).toEqual(['staging', 'prod']);
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Development' }),
    );
    expect(values.at(-1)).toEqual(['dev', 'staging', 'prod']);
  });

  it('keeps a choice the form already holds instead of ticking everything', async () => {
    const values = renderPicker('ecs', backend(), ['staging']);
    await screen.findAllByRole('checkbox');
    expect(screen.getByRole('checkbox', { name: 'Staging' })).toBeChecked();
    expect(
      screen.getByRole('checkbox', { name: 'Production' }),
    ).not.toBeChecked();
    expect(values).toEqual([]);
  });

  it('says why the list failed to load and loads it again on Retry', async () => {
    renderPicker('ecs', backend({ failures: 1 }));
    expect(
      await screen.findByText(/Could not load the environments/),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('checkbox', { name: 'Development' }),
    ).toBeInTheDocument();
  });
});

describe('validateEnvironmentChoice', () => {
  const validate = (value: unknown) => {
    const errors: string[] = [];
    validateEnvironmentChoice(
      value as string[],
      { addError: (m: string) => errors.push(m) } as never,
      {} as never,
    );
    return errors;
  };

  it('asks for at least one environment, ignoring placeholders the form adds', () => {
    expect(validate([])).toEqual([
      'Pick at least one environment for the pipeline to deploy to.',
    ]);
    expect(validate([undefined])).toHaveLength(1);
    expect(validate(undefined)).toHaveLength(1);
    expect(validate(['dev'])).toEqual([]);
  });
});
