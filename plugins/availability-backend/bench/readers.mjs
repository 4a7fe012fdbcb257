/*
 * The load generator of bench:portfolio, in its own process so that it does
 * not share the event loop with the server: `concurrency` readers, each
 * sending the next GET as soon as its previous one is answered (and its body
 * read), for `seconds` after `warmup` seconds. Node's fetch keeps
 * connections alive and asks for gzip, as a browser does. Prints JSON.
 *
 *   node bench/readers.mjs <url> <token> <concurrency> <seconds> <warmup>
 */
const [url, token, concurrency, seconds, warmup] = process.argv.slice(2);
const latencies = [];
const statuses = {};
let bytes = 0;
let encoding;
const warmupEnd = performance.now() + Number(warmup) * 1000;
const end = warmupEnd + Number(seconds) * 1000;

async function reader() {
  while (performance.now() < end) {
    const t = performance.now();
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = await res.arrayBuffer();
    const ms = performance.now() - t;
    if (t >= warmupEnd) {
      latencies.push(ms);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      bytes = body.byteLength;
      encoding = res.headers.get('content-encoding') ?? 'identity';
    }
  }
}

await Promise.all(Array.from({ length: Number(concurrency) }, reader));
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
  }),
);
