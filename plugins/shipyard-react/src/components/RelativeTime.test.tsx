import { act, render, screen } from '@testing-library/react';
import { RelativeTime } from './RelativeTime';

describe('RelativeTime', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: Date.parse('2026-11-21T12:00:00Z') });
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('says how long ago, with the absolute time as its title', () => {
    const at = '2026-11-21T11:55:00Z';
    render(<RelativeTime at={at} />);

    const time = screen.getByText('5 minutes ago');
    expect(time.tagName).toBe('TIME');
    expect(time).toHaveAttribute('datetime', at);
    expect(time).toHaveAttribute('title', new Date(at).toLocaleString());
  });

  it('stays true as time passes', () => {
    render(<RelativeTime at="2026-11-21T11:59:45Z" />);
    expect(screen.getByText('just now')).toBeInTheDocument();

    act(() => {
      jest.advanceTimersByTime(60_000);
    });

    expect(screen.getByText('1 minute ago')).toBeInTheDocument();
  });
});
