// Drives the real openai Node SDK through `cometbench serve` for each scenario given, and
// compares what the mock's journal saw (requests, their order, the gaps between them) with the
// records of `cometbench run --policy preset:openai-node` for the same scenario.
// COMETBENCH_INTEROP_PRESET compares with another preset, COMETBENCH_INTEROP_LATE_MS sets how
// much later than the records allow a request may arrive (default 300 ms).
//
//   node openai_node_check.mjs COMETBENCH NODE_PREFIX SCENARIO.json...
//
// NODE_PREFIX is the folder where `npm install openai` ran. Exit 0 when every scenario agrees,
// 1 otherwise. Prints one line per scenario. Never prints keys or bodies.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';

const [cometbench, prefix, ...scenarios] = process.argv.slice(2);
const require = createRequire(join(prefix, 'package.json'));
const sdk = require('openai');
const OpenAI = sdk.OpenAI ?? sdk.default ?? sdk;
const sdkVersion = JSON.parse(readFileSync(join(prefix, 'node_modules', 'openai', 'package.json'), 'utf8')).version;

// Real time is noisy: a gap may run this much longer than the window the records allow (the
// SDK parses the response, schedules a timer and opens a request), and a timer never fires early.
const lateMs = Number(process.env.COMETBENCH_INTEROP_LATE_MS ?? 300);
// The preset the SDK is compared with; another one shows that the check can fail.
const preset = process.env.COMETBENCH_INTEROP_PRESET ?? 'openai-node';
const earlyMs = 5;

// openai-node's backoff before retry n (0-based), without its jitter: min(0.5 s * 2^n, 8 s).
const backoffCeiling = (n) => Math.min(500 * 2 ** n, 8000);

async function serve(file) {
  const child = spawn(cometbench, ['serve', '--fixture', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr = [];
  child.stderr.on('data', (d) => stderr.push(d));
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${Buffer.concat(stderr)}`)));
  });
  const url = first.replace(/^listening on /, '');
  return { child, url };
}

async function stop(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function candidateRecords(file) {
  let out;
  try {
    out = execFileSync(cometbench, ['run', '--policy', `preset:${preset}`, '--format', 'jsonl', file], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch (e) {
    throw new Error(`cometbench run --policy exited ${e.status}`);
  }
  return out.trim().split('\n').map((line) => JSON.parse(line));
}

// One SDK call as the scenario's client would make it; the outcome only, no content.
async function callSdk(url, scenario) {
  const key = scenario.client?.api_key ?? scenario.api_key ?? 'cometbench-test-key';
  const request = Object.keys(scenario.client?.request ?? {}).length
    ? scenario.client.request
    : { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'ping' }] };
  const client = new OpenAI({ apiKey: key, baseURL: `${url}${scenario.client?.base_path ?? '/v1'}` });
  try {
    if (request.stream) {
      const stream = await client.chat.completions.create(request);
      for await (const chunk of stream) void chunk;
    } else {
      await client.chat.completions.create(request);
    }
    return 'success';
  } catch (e) {
    return `error ${e.constructor?.name ?? 'Error'}${e.status ? ` ${e.status}` : ''}`;
  }
}

// What the records allow for the gap between request i and i + 1 (ms): the attempt's duration
// plus the planned backoff, where a computed backoff may be anything in openai-node's jitter
// window (0.75 v, v] and a Retry-After is exact.
function allowedGap(attempt, retryNumber) {
  if (attempt.retry_reason === 'retry_after_honored') {
    return [attempt.attempt_duration_ms + attempt.backoff_ms, attempt.attempt_duration_ms + attempt.backoff_ms];
  }
  const v = backoffCeiling(retryNumber);
  return [attempt.attempt_duration_ms + 0.75 * v, attempt.attempt_duration_ms + v];
}

async function check(file) {
  const name = basename(file, '.json');
  const scenario = JSON.parse(readFileSync(file, 'utf8'));
  const records = candidateRecords(file);
  const attempts = records.filter((r) => r.record === 'attempt');
  const summary = records.find((r) => r.record === 'summary');
  const { child, url } = await serve(file);
  let outcome;
  let journal;
  try {
    outcome = await callSdk(url, scenario);
    journal = await (await fetch(`${url}/__admin/journal`)).json();
  } finally {
    await stop(child);
  }
  const problems = [];
  if (journal.length !== attempts.length) {
    problems.push(`${journal.length} requests, records have ${attempts.length} attempts`);
  }
  const gaps = [];
  for (let i = 0; i < Math.min(journal.length, attempts.length); i++) {
    const entry = journal[i];
    const attempt = attempts[i];
    if (entry.retry_headers?.['x-stainless-retry-count'] !== String(i)) {
      problems.push(`request ${i + 1}: x-stainless-retry-count ${entry.retry_headers?.['x-stainless-retry-count']}`);
    }
    if (entry.status !== attempt.http_response_status_code) {
      problems.push(`request ${i + 1}: served ${entry.served} ${entry.status}, record status ${attempt.http_response_status_code}`);
    }
    if (i + 1 < journal.length) {
      const gap = journal[i + 1].time_ms - entry.time_ms;
      const [low, high] = allowedGap(attempt, i);
      gaps.push(`${gap} (${low}..${high})`);
      if (gap < low - earlyMs || gap > high + lateMs) {
        problems.push(`gap ${i + 1}->${i + 2} ${gap} ms, records allow ${low}..${high} ms (+${lateMs})`);
      }
    }
  }
  const expected = summary.final_outcome === 'success' ? 'success' : 'error';
  if (!outcome.startsWith(expected)) problems.push(`SDK ${outcome}, records ${summary.final_outcome}`);
  const detail = `${journal.length} requests, SDK ${outcome}, records ${summary.final_outcome}` +
    (gaps.length ? `, gaps ms ${gaps.join(', ')}` : '');
  console.log(`${problems.length ? 'FAIL' : 'PASS'} ${name}: ${detail}`);
  for (const p of problems) console.log(`    ${p}`);
  return problems.length === 0;
}

let passed = 0;
for (const file of scenarios) {
  try {
    if (await check(file)) passed++;
  } catch (e) {
    console.log(`FAIL ${basename(file, '.json')}: ${e.message}`);
  }
}
console.log(`interop: openai ${sdkVersion} on node ${process.version}: ` +
  `${passed} of ${scenarios.length} scenarios agree with preset:${preset}`);
process.exit(passed === scenarios.length ? 0 : 1);
