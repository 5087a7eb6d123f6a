// Two openai Node SDK clients in parallel against one `cometbench serve`, each on its own
// session of the same scenario (503, 503, 200): each must see the whole script, its own three
// requests in the journal, and its own request ids. Usage: node sdk_sessions.mjs URL SDK_DIR
import { createRequire } from 'node:module';

const [url, sdkDir] = process.argv.slice(2);
const { OpenAI } = createRequire(`${sdkDir}/`)('openai');
const scenario = 'overloaded-503-503-200';
const sessions = ['sdk-a', 'sdk-b'];
let failures = 0;

function expect(what, actual, expected) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) {
    console.error(`FAIL ${what}: got ${a}, expected ${e}`);
    failures += 1;
  }
}

async function admin(method, path, body) {
  const res = await fetch(`${url}/__admin/${path}`, { method, body });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}

async function call(session) {
  const client = new OpenAI({
    apiKey: 'test-key-123',
    baseURL: `${url}/sessions/${session}/v1`,
    maxRetries: 2,
    timeout: 20000,
  });
  const { data, response } = await client.chat.completions
    .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'ping' }] })
    .withResponse();
  return { session, object: data.object, requestId: response.headers.get('x-request-id') };
}

for (const session of sessions) {
  await admin('PUT', `sessions/${session}/scenario`, JSON.stringify({ name: scenario }));
}
const results = await Promise.all(sessions.map(call));
for (const result of results) {
  const { session } = result;
  expect(`${session}: completion`, result.object, 'chat.completion');
  const journal = await admin('GET', `journal?session=${session}`);
  expect(`${session}: journal sessions`, journal.map((e) => e.session), [session, session, session]);
  expect(`${session}: statuses`, journal.map((e) => e.status), [503, 503, 200]);
  expect(`${session}: steps`, journal.map((e) => e.step_index), [0, 1, 2]);
  expect(`${session}: routes`, [...new Set(journal.map((e) => e.route))], ['/v1/chat/completions']);
  expect(`${session}: x-stainless-retry-count`,
    journal.map((e) => e.retry_headers['x-stainless-retry-count']), ['0', '1', '2']);
  expect(`${session}: x-request-id of the answer`, result.requestId,
    `mock-${session}-${journal[2].seq}`);
  console.log(`${session}: ${journal.length} requests, statuses ${journal.map((e) => e.status)}, ` +
    `final x-request-id ${result.requestId}`);
}
const all = await admin('GET', 'journal');
expect('journal entries over both sessions', all.length, 6);
process.exit(failures === 0 ? 0 : 1);
