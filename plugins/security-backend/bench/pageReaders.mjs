/*
 * The load generator of bench:readers, in its own process so that it does
 * not share the event loop with the server: `concurrency` readers, each
 * loading the Security page's data as the page does (its requests at once,
 * the next load as soon as every answer is read), for `seconds` after
 * `warmup` seconds, over kept-alive connections, asking for gzip as a
 * browser does (bodies are not decompressed: that is each browser's work).
 * A page load's time is its slowest request's. Prints JSON.
 *
 *   node bench/pageReaders.mjs <token> <concurrency> <seconds> <warmup> <url>...
 */
import http from 'node:http';
import { gunzipSync } from 'node:zlib';

const [token, concurrency, seconds, warmup, ...urls] = process.argv.slice(2);
const pages = [];
const perUrl = urls.map(() => []);
const statuses = {};
/** The body of the first answer that was not a 200, to say why. */
let firstError;
const warmupEnd = performance.now() + Number(warmup) * 1000;
const end = warmupEnd + Number(seconds) * 1000;

const agent = new http.Agent({
  keepAlive: true,
  maxSockets: Number(concurrency) * urls.length,
});

function get(url) {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const req = http.get(
      url,
      {
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          'accept-encoding': 'gzip',
        },
      },
      res => {
        const chunks = [];
        res.on('data', chunk => {
          if (res.statusCode !== 200 && firstError === undefined) {
            chunks.push(chunk);
          }
        });
        res.on('end', () => {
          if (chunks.length && firstError === undefined) {
            const raw = Buffer.concat(chunks);
            firstError = (
              res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw
            )
              .toString('utf8')
              .slice(0, 1000);
          }
          resolve({ status: res.statusCode, ms: performance.now() - t });
        });
        res.on('error', reject);
      },
    );
    // A connection the server dropped is counted, not fatal: the status
    // counts say how often.
    req.on('error', error =>
      resolve({ status: error.code ?? 'error', ms: performance.now() - t }),
    );
  });
}

async function reader() {
  while (performance.now() < end) {
    const t = performance.now();
    const answers = await Promise.all(urls.map(get));
    const ms = performance.now() - t;
    if (t >= warmupEnd) {
      pages.push(ms);
      answers.forEach((answer, i) => {
        perUrl[i].push(answer.ms);
        statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      });
    }
  }
}

await Promise.all(Array.from({ length: Number(concurrency) }, reader));
agent.destroy();

const r = x => Math.round(x * 10) / 10;
function summary(latencies) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const q = p =>
    sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  return {
    count: sorted.length,
    perSecond: r(sorted.length / Number(seconds)),
    p50: r(q(0.5)),
    p95: r(q(0.95)),
    p99: r(q(0.99)),
    max: r(sorted[sorted.length - 1]),
  };
}
console.log(
  JSON.stringify({
    page: summary(pages),
    requests: Object.fromEntries(
      urls.map((url, i) => [new URL(url).pathname, summary(perUrl[i])]),
    ),
    statuses,
    ...(firstError !== undefined && { firstError }),
  }),
);
