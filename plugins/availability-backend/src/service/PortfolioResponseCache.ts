import { Portfolio } from '@internal/plugin-availability-common';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

/** One cached answer: the portfolio as JSON, plain and gzipped. */
export interface PortfolioResponse {
  json: Buffer;
  gzip: Buffer;
  /** Set for the call that loaded it: the object, to answer with res.json. */
  loaded?: Portfolio;
}

interface Entry {
  expiresAt: number;
  response: Promise<PortfolioResponse>;
}

/**
 * The portfolio's answers, serialized and gzipped once per key and served to
 * every reader for `ttlMs`. The portfolio is the same for everyone signed in
 * and changes only when a collection cycle writes new summaries (every 5
 * minutes by default), but 3,000 rows are about 2 MB of JSON: parsing the
 * stored rows, serializing and gzipping them per request costs tens of
 * milliseconds of CPU, which 50 concurrent readers queue into seconds.
 * Readers that miss together share one load. Failed loads are not kept.
 *
 * The summarizer's replica clears it after each cycle, so new figures show
 * there at once; other replicas serve theirs until the TTL ends.
 *
 * In process rather than in the cache service: what is reused is the
 * serialized and compressed body, which the cache service would store as
 * JSON and parse back on every read.
 */
export class PortfolioResponseCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly options: { ttlMs: number; now?: () => number },
  ) {}

  /** Drops every answer: new summaries were written. */
  clear(): void {
    this.entries.clear();
  }

  async get(
    key: string,
    load: () => Promise<Portfolio>,
  ): Promise<PortfolioResponse> {
    const now = (this.options.now ?? Date.now)();
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > now) {
      const { json, gzip: gzipped } = await entry.response;
      return { json, gzip: gzipped };
    }
    for (const [k, e] of this.entries) {
      if (e.expiresAt <= now) {
        this.entries.delete(k);
      }
    }
    const response = (async () => {
      const portfolio = await load();
      const json = Buffer.from(JSON.stringify(portfolio));
      return { json, gzip: await gzipAsync(json), loaded: portfolio };
    })();
    const created = { expiresAt: now + this.options.ttlMs, response };
    this.entries.set(key, created);
    try {
      return await response;
    } catch (error) {
      if (this.entries.get(key) === created) {
        this.entries.delete(key);
      }
      throw error;
    }
  }
}
