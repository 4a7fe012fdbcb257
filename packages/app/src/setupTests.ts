import '@testing-library/jest-dom';

// Rendering a page in jsdom takes seconds when CI runs every package's tests on two cores; Jest's
// 5 s default then fails tests that are merely slow.
jest.setTimeout(30_000);
