#!/usr/bin/env node
// The README's "Which backend changes your numbers" tables, from a conformance results file
// (`npm run conformance -- --json results.json`, or RELU_CONFORMANCE_JSON=results.json npm test):
//   node conformance/scripts/readme-engine-table.mjs results.json [op] [dtype]
// One row per subject, one column per environment (optimized tier), each cell what the subject
// returns where it differs from SPEC.md ("=" where it matched on every pattern swept, "FAIL" where
// the suite failed it), then the same grid for NaN payloads (informational: SPEC.md lets any NaN
// stand for any NaN). Printed as Markdown; nothing is typed by hand.
import { readFile } from 'node:fs/promises';

const [file, op = 'relu', dtype = 'float32'] = process.argv.slice(2);
if (!file) {
  console.error('usage: readme-engine-table.mjs results.json [op] [dtype]');
  process.exit(2);
}
const results = JSON.parse(await readFile(file, 'utf8'));
if (!Array.isArray(results.rows)) {
  console.error(`${file}: not a conformance results file (expected { rows: [...] })`);
  process.exit(2);
}
const rows = results.rows.filter((r) => r.context.op === op && r.context.dtype === dtype && r.context.tier === 'optimized' && !r.context.arrayForm);
const ENVIRONMENT_ORDER = ['node20', 'node22', 'node24', 'node26', 'bun', 'deno', 'chromium', 'firefox', 'webkit'];
const BROWSERS = ['chromium', 'firefox', 'webkit'];
const environments = ENVIRONMENT_ORDER.filter((e) => rows.some((r) => r.context.environment === e));
const subjects = [...new Set(rows.map((r) => r.name))];

const gpusOf = (environment) => [...new Set(rows.filter((r) => r.context.environment === environment && r.context.gpu && r.context.gpu !== 'none').map((r) => r.context.gpu))];
const header = (environment) => {
  const row = rows.find((r) => r.context.environment === environment);
  const version = /^\d/.test(row?.context.engineVersion ?? '') ? ` ${row.context.engineVersion.split(/[-.]/).slice(0, 2).join('.')}` : '';
  const gpus = gpusOf(environment);
  const gpuText = gpus.length > 0 ? `; ${gpus.join(', ')}` : '';
  // A browser's engineVersion is the browser's own; a runtime's is its engine's.
  return BROWSERS.includes(environment) ? `${environment}${version} (${row?.context.engine ?? '?'}${gpuText})` : `${environment} (${row?.context.engine ?? '?'}${version}${gpuText})`;
};

const SHORT_CLASS = { '+subnormal': '+sub', '-subnormal': '-sub', 'NaN+': '+NaN', 'NaN-': '-NaN' };
function differences(row) {
  if (row.verdict === 'FAIL') return '**FAIL**';
  const declared = row.cells.filter((c) => c.verdict === 'declared');
  if (declared.length === 0) return '=';
  return declared
    .map((c) => {
      const becomes = [...new Set(c.deviations.filter((d) => d.mismatches > 0).flatMap((d) => d.becomes))];
      return `${SHORT_CLASS[c.class] ?? c.class} → ${becomes.join('/')}`;
    })
    .join(', ');
}
function payload(row) {
  const p = row.nanPayload;
  if (!p || p.nans === 0) return '';
  const parts = [];
  if (p.kept === p.nans) return 'kept';
  if (p.kept > 0) parts.push(`${p.kept === p.nans ? 'all' : 'some'} kept`);
  if (p.quieted > 0) parts.push('quieted');
  for (const r of p.rewritten ?? []) parts.push(`→ \`${String(r.bits ?? r.to ?? r).replace(/^0x/, '')}\``);
  if (p.rewrittenOther > 0) parts.push('other rewrites');
  if (p.notNaN > 0) parts.push('**not a NaN**');
  return parts.join(', ');
}

const table = (cell) => {
  const lines = [`| subject | ${environments.map(header).join(' | ')} |`, `|---|${environments.map(() => '---').join('|')}|`];
  for (const subject of subjects) {
    const cells = environments.map((e) => {
      const row = rows.find((r) => r.name === subject && r.context.environment === e);
      return row ? cell(row) : '';
    });
    if (cells.every((c) => c === '')) continue;
    const peer = rows.find((r) => r.name === subject)?.peer ? ' (peer)' : '';
    lines.push(`| \`${subject}\`${peer} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
};

console.log(`${op} ${dtype}, optimized tier: what differs from SPEC.md ("=": nothing, on every pattern swept)\n`);
console.log(table(differences));
console.log(`\n${op} ${dtype}: NaN payloads (sign and payload of NaN inputs)\n`);
console.log(table(payload));
