/*
 * The load generator of bench:portfolio, in its own process so that it does
 * not share the event loop with the server: `concurrency` readers, each
 * sending the next GET as soon as its previous one is answered (and its body
 * read), for `seconds` after `warmup` seconds, over kept-alive connections,
 * asking for gzip as a browser does. The body is not decompressed: that is
 * each browser's own work, and here it would make the load generator, not
 * the server, the bottleneck. Prints JSON.
 *
 *   node bench/readers.mjs <url> <token> <concurrency> <seconds> <warmup>
 */
import http from 'node:http';
import { gunzipSync } from 'node:zlib';

const [url, token, concurrency, seconds, warmup] = process.argv.slice(2);
const latencies = [];
const statuses = {};
let bytes = 0;
let encoding;
/** The body of the first answer that was not a 200, to say why. */
let firstError;
const warmupEnd = performance.now() + Number(warmup) * 1000;
const end = warmupEnd + Number(seconds) * 1000;

const agent = new http.Agent({
  keepAlive: true,
  maxSockets: Number(concurrency),
});

function get() {
  return new Promise((resolve, reject) => {
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
        let n = 0;
        const chunks = [];
        res.on('data', chunk => {
          n += chunk.length;
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
          resolve({
            status: res.statusCode,
            bytes: n,
            encoding: res.headers['content-encoding'] ?? 'identity',
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
  });
}

async function reader() {
  while (performance.now() < end) {
    const t = performance.now();
    const res = await get();
    const ms = performance.now() - t;
    if (t >= warmupEnd) {
      latencies.push(ms);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      bytes = res.bytes;
      encoding = res.encoding;
    }
  }
}

await Promise.all(Array.from({ length: Number(concurrency) }, reader));
agent.destroy();
latencies.sort((a, b) => a - b);
const q = p =>
  latencies[
    Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)
  ];
const r = x => Math.round(x * 10) / 10;
console.log(
  JSON.stringify({
    requests: latencies.length,
    perSecond: r(latencies.length / Number(seconds)),
    p50: r(q(0.5)),
    p95: r(q(0.95)),
    p99: r(q(0.99)),
    max: r(latencies[latencies.length - 1]),
    statuses,
    bodyBytes: bytes,
    contentEncoding: encoding,
    ...(firstError !== undefined && { firstError }),
  }),
);
