import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { ServiceLink } from './ServiceLink';

describe('ServiceLink', () => {
  it('links to the entity page, or a tab of it, from the ref alone', async () => {
    await renderInTestApp(
      <>
        <ServiceLink
          entityRef="component:default/checkout-api"
          label="Checkout API"
        />
        <ServiceLink
          entityRef="Component:default/worker"
          label="worker"
          path="costs"
        />
        <ServiceLink entityRef="not a ref:" label="plain" />
      </>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(screen.getByRole('link', { name: 'Checkout API' })).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout-api',
    );
    expect(screen.getByRole('link', { name: 'worker' })).toHaveAttribute(
      'href',
      '/catalog/default/component/worker/costs',
    );
    expect(screen.getByText('plain')).not.toHaveAttribute('href');
  });
});
