/**
 * Row 3's load: autocannon in a process of its own (so its work is not timed
 * into the server's), one path, N connections for S seconds, each request
 * with the next of the sessions' cookies in turn. Prints `result <json>`:
 * requests/s, p50 and p95 latency from every response's time, and the
 * answers that were not 200.
 */
import autocannon from 'autocannon';

interface Load {
  url: string;
  cookies: string[];
  connections: number;
  seconds: number;
}

const load = JSON.parse(process.env.BENCH_LOAD_JSON ?? '{}') as Load;
let next = 0;
const times: number[] = [];
const instance = autocannon({
  url: load.url,
  connections: load.connections,
  duration: load.seconds,
  requests: [
    {
      method: 'GET',
      setupRequest: (request) => ({ ...request, headers: { ...request.headers, cookie: load.cookies[next++ % load.cookies.length] ?? '' } }),
    },
  ],
});
instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => times.push(responseTime));
const result = await instance;
times.sort((a, b) => a - b);
const at = (p: number) => times[Math.min(times.length - 1, Math.max(0, Math.ceil((p / 100) * times.length) - 1))] ?? NaN;
console.log(
  `result ${JSON.stringify({
    requestsPerSecond: result.requests.total / load.seconds,
    p50: at(50),
    p95: at(95),
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  })}`,
);
