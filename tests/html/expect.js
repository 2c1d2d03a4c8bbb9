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
  for (const c of f.caveats || []) want.push(`  caveat ${c}`);
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
 * error about a file nothing of which was analyzed, or the line saying
 * there is none; never a file whose findings the report holds or whose
 * DriverEntry was analyzed: its warnings are listed apart. The page never
 * says what to type (-v). */
const saysV = got.pop();
const warned = got.filter((l) => l.startsWith('warned '));
got.splice(got.length - warned.length, warned.length);
const listed = got.filter((l) => l.startsWith('not-analyzed '));
got.splice(got.length - listed.length, listed.length);
const missing = [];
if (saysV !== 'page says -v no') missing.push(`the page tells what to type: ${saysV}`);
const analyzed = new Set(findings.map((f) => f.file).concat(report.entries.filter((e) => e.analyzable).map((e) => e.file)));
const entries = report.entries.filter((e) => !e.analyzable);
for (const e of entries) {
  const head = `not-analyzed ${e.file}:${e.line}:${e.column} ${e.function}: DriverEntry cannot be analyzed`;
  if (!listed.some((l) => l.startsWith(head))) missing.push(head);
}
const errors = report.problems.filter((p) => p.level === 'error' && !analyzed.has(p.file));
for (const p of errors)
  if (!listed.some((l) => l.includes(p.message))) missing.push(`not-analyzed ... ${p.message}`);
for (const l of listed) {
  const where = l.replace(/^not-analyzed ((error|warning) )?/, '').split(/[: ]/)[0];
  if (analyzed.has(where)) missing.push(`nothing of ${where} should be "not analyzed", but: ${l}`);
}
for (const p of report.problems.filter((p) => p.level !== 'note' && analyzed.has(p.file)))
  if (!warned.some((l) => l.includes(p.message))) missing.push(`warned ... ${p.message}`);
if (!entries.length && !errors.length && listed.join() !== 'not-analyzed every DriverEntry and every input was analyzed')
  missing.push('not-analyzed every DriverEntry and every input was analyzed');
for (const l of missing) console.log(`not listed: ${l}\n  listed: ${JSON.stringify(listed)}\n  warned: ${JSON.stringify(warned)}`);

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
