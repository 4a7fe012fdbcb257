import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Rendering a page in jsdom takes seconds when CI runs every package's tests on two cores; Jest's
// 5 s default then fails tests that are merely slow.
jest.setTimeout(30_000);
// For the same reason, findBy* and waitFor wait up to 5 s for a page to answer instead of 1 s.
configure({ asyncUtilTimeout: 5_000 });

// recharts' ResponsiveContainer observes its size; jsdom has no ResizeObserver.
class NoopResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= NoopResizeObserver;
