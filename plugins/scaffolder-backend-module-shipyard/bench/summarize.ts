/*
 * What the scaffolder benchmarks share: their command-line numbers, the machine they ran on and
 * the summary of a sample of wall times.
 */
import os from 'node:os';

/** `--name <number>` from the command line, or the fallback; anything else is refused. */
export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`--${name} takes a whole number of at least 1`);
  }
  return value;
}

/** Cores, memory, Node and the load averages at the time of the measurement. */
export function machine() {
  return {
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadAverage: os.loadavg().map(l => Number(l.toFixed(2))),
  };
}

/** Median, minimum and maximum of a sample of milliseconds, in seconds with 2 decimals. */
export function summarize(ms: number[]) {
  if (ms.length === 0) throw new Error('nothing to summarize');
  const sorted = [...ms].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  const s = (x: number) => Number((x / 1000).toFixed(2));
  return {
    runs: ms.length,
    medianS: s(median),
    minS: s(sorted[0]),
    maxS: s(sorted[sorted.length - 1]),
    allS: ms.map(s),
  };
}
