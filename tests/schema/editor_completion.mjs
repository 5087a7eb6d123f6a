// What an editor offers while a user types a scenario, a policy and a profile that name their
// schema with "$schema": completions and diagnostics from vscode-json-languageservice, the JSON
// language service inside VS Code, reading the schemas in schemas/ from disk (no network).
//
//   node editor_completion.mjs SOURCE_ROOT
//
// Prints each answer and exits 1 when one differs from what is expected here.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(process.env.EDITOR_MODULES + '/');
const { getLanguageService } = require('vscode-json-languageservice');
const { TextDocument } = require('vscode-languageserver-textdocument');

const root = process.argv[2];
const service = getLanguageService({
  schemaRequestService: (uri) => Promise.resolve(fs.readFileSync(new URL(uri), 'utf8')),
  workspaceContext: { resolveRelativePath: (rel, resource) => new URL(rel, resource).toString() },
});
service.configure({ validate: true, allowComments: false });

// `text` with `|` where the cursor is, as a file at `relative` under the source root.
function document(relative, text) {
  const uri = pathToFileURL(path.join(root, relative)).toString();
  return { doc: TextDocument.create(uri, 'json', 1, text.replace('|', '')), at: text.indexOf('|') };
}

async function labels(relative, text) {
  const { doc, at } = document(relative, text);
  const list = await service.doComplete(doc, doc.positionAt(at), service.parseJSONDocument(doc));
  return list.items.map((item) => item.label).join(' ');
}

async function diagnostics(relative, text) {
  const { doc } = document(relative, text);
  const found = await service.doValidation(doc, service.parseJSONDocument(doc));
  return found.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`)
    .join(' | ');
}

const scenario = 'fixtures/scenarios/typing.json';
const head = '{\n  "$schema": "../../schemas/scenario.schema.json",\n';
const named = head + '  "name": "t", "description": "d",\n';
const checks = [
  ['scenario keys', await labels(scenario, head + '  |\n}'),
   'name description api_key script client'],
  ['step kinds', await labels(scenario, named +
     '  "script": {"POST /v1/chat/completions": {"steps": [{|}]}}\n}'),
   'respond timeout drop reset truncate stream'],
  ['respond keys', await labels(scenario, named +
     '  "script": {"POST /v1/chat/completions": {"steps": [{"respond": {|}}]}}\n}'),
   'status headers body delay_ms dribble'],
  ['when_exhausted values', await labels(scenario, named +
     '  "script": {"POST /v1/chat/completions": {"steps": [{"drop": {}}], "when_exhausted": |}}\n}'),
   '"repeat_last" "cycle" "fail"'],
  ['jitter values', await labels('fixtures/policies/typing.policy.json',
     '{\n  "$schema": "../../schemas/policy.schema.json",\n  "jitter": |\n}'),
   '"none" "full" "equal" "decorrelated" "openai"'],
  ['profile section keys', await labels('fixtures/profiles/typing.profile.json',
     '{\n  "$schema": "../../schemas/profile.schema.json",\n  "name": "p", "description": "d",\n' +
     '  "profile": {|}\n}'),
   'operations arrival_interval_ms seed mix outages'],
  ['a typo', await diagnostics(scenario, named +
     '  "script": {"POST /v1/chat/completions": {"steps": [{"respond": {"stauts": 200}}]}}\n}'),
   '4:55 Missing property "status". | 4:67 Property stauts is not allowed.'],
  ['a bundled scenario', await diagnostics(scenario, head +
     fs.readFileSync(path.join(root, 'fixtures/scenarios/happy-path.json'), 'utf8').slice(1)),
   ''],
];

let failed = 0;
for (const [what, got, expected] of checks) {
  const ok = got === expected;
  if (!ok) failed += 1;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}: ${got}${ok ? '' : `\n     expected: ${expected}`}`);
}
console.log(`editor: ${checks.length} checks, ${failed} failed`);
process.exit(failed ? 1 : 0);
