import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DemoSignInUser } from './DemoSignInUser';
import { PersonaCard } from './PersonaCard';

const meiChen: DemoSignInUser = {
  userRef: 'user:default/mei.chen',
  persona: 'manager',
  title: 'Mei Chen, engineering manager',
  description: 'Follows availability, error budgets, costs and findings.',
};

describe('PersonaCard', () => {
  it('lets a long title wrap instead of cutting it with an ellipsis', async () => {
    await renderInTestApp(<PersonaCard user={meiChen} onSignIn={jest.fn()} />);

    const title = screen.getByRole('heading', {
      name: 'Mei Chen, engineering manager',
    });
    const style = window.getComputedStyle(title);
    expect(style.whiteSpace).not.toBe('nowrap');
    expect(style.textOverflow).not.toBe('ellipsis');
  });

  it('signs in as its user', async () => {
    const onSignIn = jest.fn();
    await renderInTestApp(<PersonaCard user={meiChen} onSignIn={onSignIn} />);

    await userEvent.click(
      screen.getByRole('button', {
        name: 'Sign in as Mei Chen, engineering manager',
      }),
    );

    expect(onSignIn).toHaveBeenCalledWith(meiChen);
  });
});
