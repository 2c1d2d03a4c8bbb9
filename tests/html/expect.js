/* What tests/html/probe.js must read in the rendered report of a run, worked
 * out from the JSON report of the same run; then compared.
 *   node expect.js REPORT.json DUMPED-DOM.html MARKUP(yes|no) [RULE]
 * RULE: the rule the URL fragment chose (with level=error,warning,note). Exit
 * 0 when the lines match, 1 with the first differences. */
'use strict';
const fs = require('fs');
const [jsonPath, domPath, markup, fragmentRule] = process.argv.slice(2);
const report = JSON.parse(fs.readFileSync(jsonPath, 'utf8'));
const findings = report.findings;

const want = [];
const initial = fragmentRule ? findings.filter((f) => f.ruleId === fragmentRule).length : findings.length;
want.push(`initial rule=${fragmentRule || ''} shown=${initial} others=0`);
want.push('filters shown');
for (const f of findings) {
  want.push(`finding ${f.ruleId} ${f.level} ${f.file}:${f.line}:${f.column} ${f.message}`);
  f.path.forEach((s, k) => want.push(`  step ${k + 1} ${s.file}:${s.line} ${s.message}`));
  for (const r of f.related) want.push(`  related ${r.message || 'here'}`);
  if (f.assumed) want.push(`  assumed This rests on declarations entrycheck assumed: ${f.assumed.join(', ')}`);
}
const rules = [...new Set(findings.map((f) => f.ruleId))].sort();
for (const r of rules) want.push(`filter rule=${r} shown=${findings.filter((f) => f.ruleId === r).length} others=0`);
for (const l of ['error', 'warning', 'note'])
  want.push(`filter level=${l} shown=${findings.filter((f) => f.level === l).length} others=0`);
want.push(`filter none shown=${findings.length} others=0`);
want.push('images 0', 'scripts 2', 'title entrycheck report', `markup shown as text ${markup}`);

/* The probe's <pre>, as the browser serialized it. */
const dom = fs.readFileSync(domPath, 'utf8');
const m = /<pre id="probe">([^<]*)<\/pre>\s*<\/body>/.exec(dom);
if (!m) {
  console.log('html: the probe wrote nothing: the page did not run to the end');
  process.exit(1);
}
const got = m[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&nbsp;/g, '\u00a0').replace(/&amp;/g, '&')
  .split('\n').filter((l) => l !== '');

/* What could not be analyzed: each entry JSON calls not analyzable, each
 * error of the run, or the line saying there is none. */
const listed = got.filter((l) => l.startsWith('not-analyzed '));
got.splice(got.length - listed.length, listed.length);
const missing = [];
const entries = report.entries.filter((e) => !e.analyzable);
for (const e of entries) {
  const head = `not-analyzed ${e.file}:${e.line}:${e.column} ${e.function}: DriverEntry cannot be analyzed`;
  if (!listed.some((l) => l.startsWith(head))) missing.push(head);
}
for (const p of report.problems.filter((p) => p.level === 'error'))
  if (!listed.some((l) => l.includes(p.message))) missing.push(`not-analyzed ... ${p.message}`);
if (!entries.length && !report.problems.some((p) => p.level === 'error') &&
  listed.join() !== 'not-analyzed every DriverEntry and every input was analyzed')
  missing.push('not-analyzed every DriverEntry and every input was analyzed');
for (const l of missing) console.log(`not listed: ${l}\n  listed: ${JSON.stringify(listed)}`);

let bad = missing.length;
for (let i = 0; i < Math.max(want.length, got.length) && bad < 10; i++) {
  if (want[i] !== got[i]) {
    console.log(`line ${i + 1}:\n  want: ${want[i]}\n  got:  ${got[i]}`);
    bad++;
  }
}
if (!bad)
  console.log(`${findings.length} findings and ${findings.reduce((n, f) => n + f.path.length, 0)} steps rendered, ` +
    `${rules.length} rule filters and 3 level filters checked`);
process.exit(bad ? 1 : 0);
