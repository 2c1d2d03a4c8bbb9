/* SPDX-License-Identifier: Apache-2.0 */
/* The `check` report as one HTML page (html.h). Excerpts come from the
 * sources as they are at report time, through the line cache; each finding's
 * locations are grouped by file, shown with a few lines of context, and the
 * steps are drawn as numbered badges on their tokens and bubbles under their
 * lines. Paths are shown relative to the current directory when under it. */
#include "emit/html.h"
#include "emit/html_parts.h"

#include <stdlib.h>
#include <string.h>

#include "base/lines.h"
#include "base/path.h"
#include "base/strbuf.h"
#include "base/strvec.h"
#include "config.h"
#include "findings/finding.h"
#include "rules/rules.h"
#include "run/run.h"

/* The page's look and its filters */

static const char page_style[] =
	"body{font:14px/1.45 system-ui,-apple-system,\"Segoe UI\",sans-serif;margin:0;color:#1f2328;"
	"background:#f6f8fa}\n"
	"header,main{max-width:1320px;margin:0 auto;padding:0 16px}\n"
	"header h1{font-size:22px;margin:16px 0 4px}\n"
	"h2{font-size:18px;margin:24px 0 8px}\n"
	"code,.code,.loc{font-family:ui-monospace,\"SFMono-Regular\",Menlo,Consolas,monospace;font-size:13px}\n"
	"a{color:#0550ae}\n"
	"[hidden]{display:none!important}\n"
	"#filters{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid #d0d7de;"
	"padding:8px 16px;display:flex;flex-wrap:wrap;gap:12px;align-items:center}\n"
	"#filters select{max-width:420px}\n"
	"#shown{color:#59636e}\n"
	".tables{display:grid;grid-template-columns:auto 1fr;gap:16px;align-items:start}\n"
	".tables>div{display:flex;flex-direction:column;gap:16px;align-items:flex-start}\n"
	"@media (max-width:900px){.tables{grid-template-columns:1fr}}\n"
	".tables table{border-collapse:collapse;background:#fff;border:1px solid #d0d7de}\n"
	".tables caption{text-align:left;font-weight:600;padding:4px 0}\n"
	".tables th,.tables td{padding:2px 8px;border-bottom:1px solid #eaeef2;text-align:left}\n"
	".tables td.n{text-align:right}\n"
	".level{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;color:#fff}\n"
	".level.error{background:#cf222e}.level.warning{background:#9a6700}.level.note{background:#0969da}\n"
	".finding{background:#fff;border:1px solid #d0d7de;border-left:4px solid #0969da;border-radius:6px;"
	"margin:12px 0;padding:8px 12px;overflow-x:auto}\n"
	".finding.error{border-left-color:#cf222e}.finding.warning{border-left-color:#9a6700}\n"
	".finding h3{font-size:15px;margin:2px 0}\n"
	".finding .msg{margin:4px 0;font-weight:500}\n"
	".finding .where,.finding .assumed,.finding .state,.finding .fix{margin:2px 0;color:#59636e}\n"
	".finding .assumed{color:#9a6700}\n"
	".finding .caveats{margin:4px 0;color:#59636e}.finding .caveats ul{margin:2px 0;padding-left:20px}\n"
	".fname{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;color:#59636e;margin-top:8px}\n"
	"table.src{border-collapse:collapse;width:100%;background:#fbfcfd;border:1px solid #eaeef2}\n"
	"table.src td{padding:0 6px;vertical-align:top}\n"
	"td.ln{width:1%;text-align:right;color:#8c959f;user-select:none;border-right:1px solid #eaeef2;"
	"font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}\n"
	"td.code{white-space:pre;tab-size:4;-moz-tab-size:4}\n"
	"tr.gap td{color:#8c959f;background:#f0f2f4}\n"
	"tr.at td.code{background:#ffebe9}\n"
	"tr.at.warning td.code{background:#fff8c5}tr.at.note td.code{background:#ddf4ff}\n"
	".tok.step{border-bottom:2px solid #8c959f}\n"
	".tok.at{text-decoration:underline wavy #cf222e}\n"
	".tok.related{border-bottom:2px dashed #8250df}\n"
	".badge{display:inline-block;min-width:16px;height:16px;line-height:16px;border-radius:8px;"
	"text-align:center;font:600 11px system-ui,sans-serif;color:#fff;background:#59636e;margin-right:2px;"
	"padding:0 3px;vertical-align:1px}\n"
	".badge.call{background:#0969da}.badge.branch{background:#bf8700}.badge.return{background:#8250df}\n"
	"tr.bubble td{padding-top:1px;padding-bottom:1px}\n"
	"tr.bubble>td>div{display:inline-block;white-space:normal;max-width:80ch;border:1px solid #d0d7de;"
	"border-radius:6px;padding:1px 8px;background:#f6f8fa;font:13px system-ui,sans-serif}\n"
	"tr.call>td>div{border-color:#54aeff;background:#ddf4ff}\n"
	"tr.branch>td>div{border-color:#d4a72c;background:#fff8c5}\n"
	"tr.return>td>div{border-color:#c297ff;background:#fbefff}\n"
	"tr.related>td>div{border-style:dashed;border-color:#8250df}\n"
	"tr.at>td>div{border-color:#ff8182;background:#ffebe9;font-weight:600}\n"
	"tr.at.warning>td>div{border-color:#d4a72c;background:#fff8c5}\n"
	"tr.at.note>td>div{border-color:#54aeff;background:#ddf4ff}\n"
	":target>td>div{outline:2px solid #0969da}\n"
	"details.steps{margin-top:6px}\n"
	"details.steps li .loc{color:#59636e}\n"
	".nosource{color:#9a6700;font-style:italic}\n"
	"ul.problems li{margin:2px 0}\n"
	"footer{max-width:1320px;margin:24px auto;padding:0 16px;color:#59636e;font-size:12px}\n";

/* Filters: the rule chosen, the levels ticked and, when the report holds
 * any, whether suppressed and baseline findings show. The state lives in the
 * URL fragment ("#rule=FLT004&level=error,warning&inactive=1"), so that the
 * summary's links choose a rule and a filtered view can be shared. Plain
 * ECMAScript 5 and DOM level 2, for any browser. */
static const char page_script[] =
	"(function () {\n"
	"  'use strict';\n"
	"  var rule = document.getElementById('filter-rule');\n"
	"  var levels = document.querySelectorAll('input.filter-level');\n"
	"  var inactive = document.getElementById('filter-inactive');\n"
	"  var findings = document.querySelectorAll('article.finding');\n"
	"  var shown = document.getElementById('shown');\n"
	"  var i;\n"
	"  function apply() {\n"
	"    var want = rule.value, on = {}, n = 0;\n"
	"    for (i = 0; i < levels.length; i++) on[levels[i].value] = levels[i].checked;\n"
	"    for (i = 0; i < findings.length; i++) {\n"
	"      var f = findings[i];\n"
	"      var show = (!want || f.getAttribute('data-rule') === want) && on[f.getAttribute('data-level')] &&\n"
	"        (f.getAttribute('data-state') === 'active' || (inactive && inactive.checked));\n"
	"      f.hidden = !show;\n"
	"      if (show) n++;\n"
	"    }\n"
	"    shown.textContent = n + ' of ' + findings.length + ' finding' + (findings.length === 1 ? '' : 's') +\n"
	"      ' shown';\n"
	"  }\n"
	"  function fragment() {\n"
	"    var parts = [], off = [];\n"
	"    if (rule.value) parts.push('rule=' + encodeURIComponent(rule.value));\n"
	"    for (i = 0; i < levels.length; i++) if (levels[i].checked) off.push(levels[i].value);\n"
	"    if (off.length !== levels.length) parts.push('level=' + off.join(','));\n"
	"    if (inactive && inactive.checked) parts.push('inactive=1');\n"
	"    return parts.join('&');\n"
	"  }\n"
	"  function changed() {\n"
	"    apply();\n"
	"    try {\n"
	"      history.replaceState(null, '', '#' + fragment());\n"
	"    } catch (e) {\n"
	"      /* some browsers refuse it for file: pages; the filter works all the same */\n"
	"    }\n"
	"  }\n"
	"  /* A fragment with '=' holds filters; any other names an anchor of the page. */\n"
	"  function fromFragment() {\n"
	"    var hash = location.hash.replace(/^#/, ''), values = {}, pairs, k;\n"
	"    if (hash.indexOf('=') < 0) return;\n"
	"    pairs = hash.split('&');\n"
	"    for (k = 0; k < pairs.length; k++) {\n"
	"      var eq = pairs[k].indexOf('=');\n"
	"      if (eq > 0) values[pairs[k].slice(0, eq)] = decodeURIComponent(pairs[k].slice(eq + 1));\n"
	"    }\n"
	"    rule.value = '';\n"
	"    for (k = 0; k < rule.options.length; k++)\n"
	"      if (rule.options[k].value === values.rule) rule.value = values.rule;\n"
	"    var wanted = values.level === undefined ? null : ',' + values.level + ',';\n"
	"    for (k = 0; k < levels.length; k++)\n"
	"      levels[k].checked = wanted === null || wanted.indexOf(',' + levels[k].value + ',') >= 0;\n"
	"    if (inactive) inactive.checked = values.inactive === '1';\n"
	"    apply();\n"
	"  }\n"
	"  rule.addEventListener('change', changed, false);\n"
	"  for (i = 0; i < levels.length; i++) levels[i].addEventListener('change', changed, false);\n"
	"  if (inactive) inactive.addEventListener('change', changed, false);\n"
	"  window.addEventListener('hashchange', fromFragment, false);\n"
	"  document.getElementById('filters').hidden = false;\n"
	"  apply();\n"
	"  fromFragment();\n"
	"})();\n";

/* Summary */

/* The entry a finding is about, or NULL. */
static const struct entry_point *finding_entry(const struct run_result *r, const struct finding *f)
{
	for (size_t i = 0; i < r->entries.len; i++) {
		const struct entry_point *e = &r->entries.items[i];
		if (f->entry_file && e->path && !strcmp(e->path, f->entry_file) && e->line == f->entry_line)
			return e;
	}
	return NULL;
}

static void put_count_cells(struct strbuf *sb, const size_t counts[3])
{
	for (int l = RULE_ERROR; l <= RULE_NOTE; l++)
		strbuf_addf(sb, "<td class=\"n\">%zu</td>", counts[l]);
}

static void summary_by_model(struct strbuf *sb, const struct run_result *r)
{
	strbuf_adds(sb, "<table id=\"by-model\"><caption>By driver model</caption>\n"
			"<thead><tr><th>model</th><th>DriverEntry</th><th>errors</th><th>warnings</th>"
			"<th>notes</th></tr></thead><tbody>\n");
	for (int m = 0; m < MODEL_COUNT; m++) {
		size_t entries = 0, counts[3] = { 0, 0, 0 };
		for (size_t i = 0; i < r->entries.len; i++)
			entries += (r->entries.items[i].models & MODEL_BIT(m)) != 0;
		for (size_t i = 0; i < r->findings.len; i++) {
			const struct finding *f = &r->findings.items[i];
			const struct entry_point *e = finding_entry(r, f);
			if (finding_is_active(f) && e && (e->models & MODEL_BIT(m)))
				counts[f->rule->level]++;
		}
		if (!entries)
			continue;
		strbuf_adds(sb, "<tr><td>");
		html_put_str(sb, driver_model_name(m));
		strbuf_addf(sb, "</td><td class=\"n\">%zu</td>", entries);
		put_count_cells(sb, counts);
		strbuf_adds(sb, "</tr>\n");
	}
	strbuf_adds(sb, "</tbody></table>\n");
}

static size_t rule_count(const struct run_result *r, const struct rule *rule, bool active_only)
{
	size_t n = 0;
	for (size_t i = 0; i < r->findings.len; i++)
		n += r->findings.items[i].rule == rule && (!active_only || finding_is_active(&r->findings.items[i]));
	return n;
}

static void summary_by_rule(struct strbuf *sb, const struct run_result *r)
{
	strbuf_adds(sb, "<table id=\"by-rule\"><caption>By rule</caption>\n"
			"<thead><tr><th>rule</th><th>level</th><th>title</th><th>findings</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < r->rules.len; i++) {
		const struct rule *rule = &r->rules.items[i];
		size_t n = rule_count(r, rule, true);
		if (!rule_count(r, rule, false))
			continue;
		strbuf_adds(sb, "<tr><td><a href=\"#rule=");
		html_put_str(sb, rule->id);
		strbuf_adds(sb, "\">");
		html_put_str(sb, rule->id);
		strbuf_addf(sb, "</a></td><td><span class=\"level %s\">%s</span></td><td>", rule_level_name(rule->level),
			    rule_level_name(rule->level));
		html_put_str(sb, rule->title);
		strbuf_addf(sb, "</td><td class=\"n\">%zu</td></tr>\n", n);
	}
	strbuf_adds(sb, "</tbody></table>\n");
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void summary_by_directory(struct strbuf *sb, const struct run_result *r, const char *cwd)
{
	struct strvec dirs = STRVEC_INIT;
	for (size_t i = 0; i < r->findings.len; i++) {
		char *shown = path_relative_to(r->findings.items[i].file ? r->findings.items[i].file : "", cwd);
		char *dir = path_dirname(shown);
		if (!strvec_contains(&dirs, dir))
			strvec_push(&dirs, dir);
		free(dir);
		free(shown);
	}
	qsort(dirs.items, dirs.len, sizeof(*dirs.items), compare_strings);
	strbuf_adds(sb, "<table id=\"by-directory\"><caption>By directory</caption>\n"
			"<thead><tr><th>directory</th><th>errors</th><th>warnings</th><th>notes</th></tr></thead>"
			"<tbody>\n");
	for (size_t d = 0; d < dirs.len; d++) {
		size_t counts[3] = { 0, 0, 0 };
		for (size_t i = 0; i < r->findings.len; i++) {
			const struct finding *f = &r->findings.items[i];
			char *shown = path_relative_to(f->file ? f->file : "", cwd);
			char *dir = path_dirname(shown);
			if (!strcmp(dir, dirs.items[d]) && finding_is_active(f))
				counts[f->rule->level]++;
			free(dir);
			free(shown);
		}
		strbuf_adds(sb, "<tr><td><code>");
		html_put_str(sb, dirs.items[d]);
		strbuf_adds(sb, "</code></td>");
		put_count_cells(sb, counts);
		strbuf_adds(sb, "</tr>\n");
	}
	strbuf_adds(sb, "</tbody></table>\n");
	strvec_clear(&dirs);
}

/* Whether `p` is about an entry listed as not analyzed (the problem that
 * says why, shown with the entry). */
static bool about_unanalyzed_entry(const struct run_result *r, const struct problem *p)
{
	for (size_t i = 0; i < r->entries.len; i++) {
		const struct entry_point *e = &r->entries.items[i];
		if (!e->analyzable && p->file && e->file && !strcmp(p->file, e->file) && p->line == e->line &&
		    p->column == e->column)
			return true;
	}
	return false;
}

/* Whether something in `file` (as shown) was analyzed: a DriverEntry, or a
 * finding the report holds. */
static bool file_analyzed(const struct run_result *r, const char *file, const char *cwd)
{
	for (size_t i = 0; i < r->entries.len; i++)
		if (r->entries.items[i].analyzable && r->entries.items[i].file &&
		    !strcmp(r->entries.items[i].file, file))
			return true;
	bool found = false;
	for (size_t i = 0; i < r->findings.len && !found; i++) {
		char *shown = path_relative_to(r->findings.items[i].file ? r->findings.items[i].file : "", cwd);
		found = !strcmp(shown, file);
		free(shown);
	}
	return found;
}

/* Whether `p` says that something was not analyzed: an error, or a warning
 * about an input, in neither case about a file analyzed all the same. */
static bool says_not_analyzed(const struct run_result *r, const struct problem *p, const char *cwd)
{
	if (p->level == PROBLEM_NOTE || about_unanalyzed_entry(r, p))
		return false;
	if (!p->file)
		return p->level == PROBLEM_ERROR;
	bool input = p->level == PROBLEM_ERROR;
	for (size_t i = 0; i < r->inputs.len && !input; i++)
		input = r->inputs.items[i].display && !strcmp(r->inputs.items[i].display, p->file);
	return input && !file_analyzed(r, p->file, cwd);
}

static void put_problem(struct strbuf *sb, const struct problem *p, bool level)
{
	strbuf_adds(sb, "<li>");
	if (level)
		strbuf_addf(sb, "<span class=\"level %s\">%s</span> ", p->level == PROBLEM_ERROR ? "error" : "warning",
			    problem_level_name(p->level));
	if (p->file) {
		strbuf_adds(sb, "<span class=\"loc\">");
		html_put_shown_location(sb, p->file, p->line, p->column);
		strbuf_adds(sb, "</span>: ");
	}
	html_put_str(sb, p->message);
	strbuf_adds(sb, "</li>\n");
}

/* What was not analyzed: entries that cannot be, inputs that could not be
 * read or parsed; then the other warnings (files analyzed in part, budgets
 * exceeded), entries analyzed on assumed declarations and the run's notes,
 * folded. A file whose findings the report holds is never "not analyzed". */
static void summary_unanalyzed(struct strbuf *sb, const struct run_result *r, const char *cwd)
{
	size_t listed = 0, warnings = 0;
	strbuf_adds(sb, "<h3 id=\"not-analyzed\">Not analyzed</h3>\n<ul class=\"problems\">\n");
	for (size_t i = 0; i < r->entries.len; i++) {
		const struct entry_point *e = &r->entries.items[i];
		if (e->analyzable)
			continue;
		strbuf_adds(sb, "<li><span class=\"loc\">");
		html_put_shown_location(sb, e->file, e->line, e->column);
		strbuf_adds(sb, "</span> <code>");
		html_put_str(sb, e->function);
		strbuf_adds(sb, "</code>: DriverEntry cannot be analyzed");
		if (e->first_error) {
			strbuf_adds(sb, ": ");
			html_put_str(sb, e->first_error);
		}
		strbuf_adds(sb, "</li>\n");
		listed++;
	}
	size_t notes = 0;
	for (size_t i = 0; i < r->problems.len; i++) {
		const struct problem *p = &r->problems.items[i];
		notes += p->level == PROBLEM_NOTE;
		if (says_not_analyzed(r, p, cwd)) {
			put_problem(sb, p, true);
			listed++;
		} else if (p->level != PROBLEM_NOTE && !about_unanalyzed_entry(r, p)) {
			warnings++;
		}
	}
	if (!listed)
		strbuf_adds(sb, "<li>every DriverEntry and every input was analyzed</li>\n");
	strbuf_adds(sb, "</ul>\n");
	if (warnings) {
		strbuf_addf(sb, "<h3 id=\"warnings\">Analyzed with warnings (%zu)</h3>\n<ul class=\"problems\">\n",
			    warnings);
		for (size_t i = 0; i < r->problems.len; i++) {
			const struct problem *p = &r->problems.items[i];
			if (p->level != PROBLEM_NOTE && !about_unanalyzed_entry(r, p) && !says_not_analyzed(r, p, cwd))
				put_problem(sb, p, true);
		}
		strbuf_adds(sb, "</ul>\n");
	}
	size_t degraded = 0;
	for (size_t i = 0; i < r->entries.len; i++)
		degraded += r->entries.items[i].analyzable && r->entries.items[i].assumed.len;
	if (degraded) {
		strbuf_addf(sb, "<h3 id=\"degraded\">Analyzed on assumed declarations (%zu)</h3>\n"
				"<ul class=\"problems\">\n", degraded);
		for (size_t i = 0; i < r->entries.len; i++) {
			const struct entry_point *e = &r->entries.items[i];
			if (!e->analyzable || !e->assumed.len)
				continue;
			strbuf_adds(sb, "<li><span class=\"loc\">");
			html_put_shown_location(sb, e->file, e->line, e->column);
			strbuf_adds(sb, "</span> <code>");
			html_put_str(sb, e->function);
			strbuf_adds(sb, "</code>: ");
			for (size_t k = 0; k < e->assumed.len; k++) {
				strbuf_adds(sb, k ? ", <code>" : "<code>");
				html_put_str(sb, e->assumed.items[k]);
				strbuf_adds(sb, "</code>");
			}
			strbuf_adds(sb, "</li>\n");
		}
		strbuf_adds(sb, "</ul>\n");
	}
	if (notes) {
		strbuf_addf(sb, "<details id=\"notes\"><summary>Notes of the run (%zu)</summary>\n"
				"<ul class=\"problems\">\n", notes);
		for (size_t i = 0; i < r->problems.len; i++) {
			const struct problem *p = &r->problems.items[i];
			if (p->level == PROBLEM_NOTE)
				put_problem(sb, p, false);
		}
		strbuf_adds(sb, "</ul></details>\n");
	}
}

/* The filter bar: hidden until the script runs, since without it nothing
 * would filter. */
static void put_filters(struct strbuf *sb, const struct run_result *r, const size_t counts[3], size_t inactive)
{
	strbuf_adds(sb, "<nav id=\"filters\" hidden>\n<label>Rule <select id=\"filter-rule\">"
			"<option value=\"\">all rules</option>\n");
	for (size_t i = 0; i < r->rules.len; i++) {
		const struct rule *rule = &r->rules.items[i];
		size_t n = rule_count(r, rule, false);
		if (!n)
			continue;
		strbuf_adds(sb, "<option value=\"");
		html_put_str(sb, rule->id);
		strbuf_adds(sb, "\">");
		html_put_str(sb, rule->id);
		strbuf_adds(sb, ": ");
		html_put_str(sb, rule->title);
		strbuf_addf(sb, " (%zu)</option>\n", n);
	}
	strbuf_adds(sb, "</select></label>\n");
	for (int l = RULE_ERROR; l <= RULE_NOTE; l++)
		strbuf_addf(sb, "<label><input type=\"checkbox\" class=\"filter-level\" value=\"%s\" checked> "
				"<span class=\"level %s\">%s</span> %zu</label>\n",
			    rule_level_name((enum rule_level)l), rule_level_name((enum rule_level)l),
			    rule_level_name((enum rule_level)l), counts[l]);
	if (inactive)
		strbuf_addf(sb, "<label><input type=\"checkbox\" id=\"filter-inactive\"> suppressed and baseline "
				"(%zu)</label>\n", inactive);
	strbuf_adds(sb, "<span id=\"shown\"></span>\n</nav>\n");
}

char *emit_html(const struct run_result *r, const struct emit_options *opts)
{
	(void)opts;
	struct strbuf sb = STRBUF_INIT;
	struct line_cache lines = { 0 };
	char *cwd = path_current_directory();
	size_t counts[3] = { 0, 0, 0 }, all[3] = { 0, 0, 0 }, inactive = 0, analyzable = 0;
	for (size_t i = 0; i < r->findings.len; i++) {
		const struct finding *f = &r->findings.items[i];
		all[f->rule->level]++;
		if (finding_is_active(f))
			counts[f->rule->level]++;
		else
			inactive++;
	}
	for (size_t i = 0; i < r->entries.len; i++)
		analyzable += r->entries.items[i].analyzable;

	strbuf_adds(&sb, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
			 "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
			 "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
			 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
			 "<meta name=\"generator\" content=\"entrycheck " ENTRYCHECK_VERSION "\">\n"
			 "<title>entrycheck report</title>\n<style>\n");
	strbuf_adds(&sb, page_style);
	strbuf_adds(&sb, "</style>\n</head>\n<body>\n<header>\n<h1>entrycheck report</h1>\n<p id=\"totals\">");
	strbuf_addf(&sb, "%zu error%s, %zu warning%s, %zu note%s in %zu DriverEntry routine%s (%zu file%s",
		    counts[RULE_ERROR], html_plural(counts[RULE_ERROR]), counts[RULE_WARNING], html_plural(counts[RULE_WARNING]),
		    counts[RULE_NOTE], html_plural(counts[RULE_NOTE]), r->entries.len, html_plural(r->entries.len),
		    r->stats.files, html_plural(r->stats.files));
	if (analyzable != r->entries.len)
		strbuf_addf(&sb, ", <a href=\"#not-analyzed\">%zu DriverEntry not analyzable</a>",
			    r->entries.len - analyzable);
	strbuf_adds(&sb, ")");
	if (inactive)
		strbuf_addf(&sb, "; %zu suppressed or in the baseline", inactive);
	strbuf_adds(&sb, "</p>\n</header>\n");
	put_filters(&sb, r, all, inactive);
	strbuf_adds(&sb, "<main>\n<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"tables\">\n");
	strbuf_adds(&sb, "<div>\n");
	summary_by_model(&sb, r);
	summary_by_directory(&sb, r, cwd);
	strbuf_adds(&sb, "</div>\n<div>\n");
	summary_by_rule(&sb, r);
	strbuf_adds(&sb, "</div>\n</div>\n");
	summary_unanalyzed(&sb, r, cwd);
	strbuf_addf(&sb, "</section>\n<section id=\"findings\">\n<h2>Findings (%zu)</h2>\n", r->findings.len);
	if (!r->findings.len)
		strbuf_adds(&sb, "<p>No findings.</p>\n");
	for (size_t i = 0; i < r->findings.len; i++)
		html_put_finding(&sb, &lines, cwd, i + 1, &r->findings.items[i]);
	strbuf_adds(&sb, "</section>\n</main>\n<footer>entrycheck " ENTRYCHECK_VERSION
			 "; excerpts read from the sources when the report was written</footer>\n<script>\n");
	strbuf_adds(&sb, page_script);
	strbuf_adds(&sb, "</script>\n</body>\n</html>\n");
	line_cache_release(&lines);
	free(cwd);
	return strbuf_detach(&sb);
}
