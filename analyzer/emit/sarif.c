/* SPDX-License-Identifier: Apache-2.0 */
/* The `check` report as a SARIF 2.1.0 log: the rules that ran, one result a
 * finding (evidence as a code flow, related locations linked from the
 * message, a stable fingerprint, a fix where the repair is mechanical, the
 * caveats of its DriverEntry), and the problems of the run as tool execution
 * notifications. Artifact URIs are relative to %SRCROOT%, the top of the git
 * work tree holding the inputs (or --srcroot), wherever the run starts.
 * Regions are in UTF-16 code units, SARIF's default, computed from clang's
 * byte columns and the source lines, with their text as snippets; sources
 * are read again here, never changed. */
#include "emit/sarif.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "findings/finding.h"
#include "findings/fingerprint.h"
#include "rules/rules.h"
#include "run/run.h"
#include "base/lines.h"
#include "base/source.h"
#include "base/alloc.h"
#include "base/path.h"
#include "base/strbuf.h"
#include "base/strvec.h"
#include "base/utf8.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define SRCROOT "%SRCROOT%"
/* Lines shown on each side of a result's line in its contextRegion. */
#define CONTEXT_LINES 2
/* Notes beyond this many are counted in one last notification, not listed:
 * a large tree has hundreds, all on standard error. */
#define NOTES_MAX 500

/* What every location needs: the sources, the current directory (relative
 * paths in the run are relative to it) and the directory %SRCROOT% is. */
struct sarif_where {
	struct line_cache lines;
	const char *cwd;
	const char *root;
};

static void add_string(cJSON *o, const char *key, const char *value)
{
	char *valid = utf8_valid_copy(value);
	cJSON_AddStringToObject(o, key, valid);
	free(valid);
}

static cJSON *message_json(const char *text)
{
	cJSON *m = cJSON_CreateObject();
	add_string(m, "text", text);
	return m;
}

/* Source lines, each file read once. */

/* The UTF-16 column of the byte column `column` of `line`; a byte that is not
 * UTF-8 (a CP-1252 character) counts as one unit, and a column past the
 * line's end keeps its distance from it. */
static unsigned utf16_column(const char *line, size_t len, unsigned column)
{
	size_t want = column ? column - 1 : 0, i = 0;
	unsigned units = 1;
	while (i < want && i < len) {
		size_t n = utf8_sequence_length((const unsigned char *)line + i, len - i);
		if (n == 0 || i + n > len)
			n = 1;
		units += n == 4 ? 2 : 1;
		i += n;
	}
	return units + (unsigned)(want > i ? want - i : 0);
}

static bool ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Locations */

static char *uri_of_path(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	struct strbuf sb = STRBUF_INIT;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (ident_char((char)*p) || *p == '-' || *p == '.' || *p == '~' || *p == '/') {
			strbuf_addc(&sb, (char)*p);
		} else {
			strbuf_addc(&sb, '%');
			strbuf_addc(&sb, hex[*p >> 4]);
			strbuf_addc(&sb, hex[*p & 15]);
		}
	}
	return strbuf_detach(&sb);
}

/* An artifactLocation: relative to %SRCROOT% when the file is under it, else
 * an absolute file URI. */
static cJSON *artifact_json(const struct sarif_where *w, const char *file)
{
	cJSON *a = cJSON_CreateObject();
	char *abs = path_absolute(file ? file : "", w->cwd);
	char *rel = path_relative_to(abs, w->root);
	char *uri = uri_of_path(rel);
	if (path_is_absolute(rel)) {
		char *full = alloc_printf("file://%s", uri);
		cJSON_AddStringToObject(a, "uri", full);
		free(full);
	} else {
		cJSON_AddStringToObject(a, "uri", uri);
		cJSON_AddStringToObject(a, "uriBaseId", SRCROOT);
	}
	free(uri);
	free(rel);
	free(abs);
	return a;
}

static void add_snippet(cJSON *region, const char *text, size_t len)
{
	char *copy = alloc_strndup(text, len);
	add_string(cJSON_AddObjectToObject(region, "snippet"), "text", copy);
	free(copy);
}

/* A region at `line`:`column` (clang's byte column) spanning the identifier
 * that starts there, or one character; with column 0, the whole line. Its
 * snippet is the text it spans, as SARIF defines it. `whole` is set when the
 * region spans its whole line. */
static cJSON *region_json(struct line_cache *s, const char *file, unsigned line, unsigned column, bool *whole)
{
	cJSON *r = cJSON_CreateObject();
	cJSON_AddNumberToObject(r, "startLine", line);
	size_t len = 0, from = 0, to = 0;
	const char *text = line_cache_line(s, file, line, &len);
	*whole = column == 0;
	if (column == 0) {
		if (text)
			add_snippet(r, text, len);
		return r;
	}
	unsigned start = column, end = column + 1;
	if (text) {
		from = column - 1;
		to = from;
		while (to < len && ident_char(text[to]))
			to++;
		if (to == from && from < len) { /* one character: all of its UTF-8 sequence */
			size_t n = utf8_sequence_length((const unsigned char *)text + from, len - from);
			to = from + (n && from + n <= len ? n : 1);
		}
		start = utf16_column(text, len, column);
		end = to > from ? utf16_column(text, len, (unsigned)to + 1) : start + 1;
		*whole = from == 0 && to == len;
	}
	cJSON_AddNumberToObject(r, "startColumn", start);
	cJSON_AddNumberToObject(r, "endLine", line);
	cJSON_AddNumberToObject(r, "endColumn", end);
	if (text && to > from)
		add_snippet(r, text + from, to - from);
	return r;
}

/* The whole lines around `line`, CONTEXT_LINES each side, with their text;
 * NULL when the file cannot be read, or when they would be no more than the
 * region (a contextRegion must be a proper superset of it). */
static cJSON *context_region_json(struct line_cache *s, const char *file, unsigned line, bool region_whole)
{
	size_t len = 0;
	if (!line_cache_line(s, file, line, &len))
		return NULL;
	unsigned first = line > CONTEXT_LINES ? line - CONTEXT_LINES : 1, last = line;
	while (last < line + CONTEXT_LINES && line_cache_line(s, file, last + 1, &len))
		last++;
	if (first == last && region_whole)
		return NULL;
	struct strbuf text = STRBUF_INIT;
	for (unsigned n = first; n <= last; n++) {
		const char *at = line_cache_line(s, file, n, &len);
		strbuf_add(&text, at, len);
		if (n < last)
			strbuf_addc(&text, '\n');
	}
	cJSON *r = cJSON_CreateObject();
	cJSON_AddNumberToObject(r, "startLine", first);
	cJSON_AddNumberToObject(r, "endLine", last);
	add_snippet(r, strbuf_str(&text), text.len);
	strbuf_release(&text);
	return r;
}

/* A location; `id` (0: none) names it for links from the message; with
 * `context`, the lines around it come as its contextRegion. */
static cJSON *location_json(struct sarif_where *w, const char *file, unsigned line, unsigned column,
			    const char *message, size_t id, bool context)
{
	cJSON *loc = cJSON_CreateObject();
	if (id)
		cJSON_AddNumberToObject(loc, "id", (double)id);
	cJSON *phys = cJSON_AddObjectToObject(loc, "physicalLocation");
	cJSON_AddItemToObject(phys, "artifactLocation", artifact_json(w, file));
	if (line) {
		bool whole = false;
		cJSON_AddItemToObject(phys, "region", region_json(&w->lines, file, line, column, &whole));
		cJSON *around = context ? context_region_json(&w->lines, file, line, whole) : NULL;
		if (around)
			cJSON_AddItemToObject(phys, "contextRegion", around);
	}
	if (message)
		cJSON_AddItemToObject(loc, "message", message_json(message));
	return loc;
}

/* Rules */

static const char *sarif_level(enum rule_level level)
{
	return level == RULE_ERROR ? "error" : level == RULE_WARNING ? "warning" : "note";
}

static const char *problem_severity(enum rule_level level)
{
	return level == RULE_ERROR ? "error" : level == RULE_WARNING ? "warning" : "recommendation";
}

/* The doc page as plain text: no heading marks, emphasis, code spans or
 * fences; a link's target follows its text. */
static char *markdown_to_text(const char *md)
{
	struct strbuf sb = STRBUF_INIT;
	for (const char *line = md; *line;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		const char *p = line, *end = line + len;
		if (len >= 3 && !strncmp(line, "```", 3)) {
			line = nl ? nl + 1 : end;
			continue;
		}
		while (p < end && *p == '#')
			p++;
		if (p > line && p < end && *p == ' ')
			p++;
		else
			p = line;
		for (; p < end; p++) {
			if (*p == '`' || (*p == '*' && p + 1 < end && p[1] == '*')) {
				p += *p == '*';
				continue;
			}
			if (*p == '<' && (!strncmp(p + 1, "https://", 8) || !strncmp(p + 1, "http://", 7))) {
				const char *close = memchr(p, '>', (size_t)(end - p));
				if (close) {
					strbuf_add(&sb, p + 1, (size_t)(close - p - 1));
					p = close;
					continue;
				}
			}
			if (*p == ']' && p + 1 < end && p[1] == '(') {
				const char *close = memchr(p, ')', (size_t)(end - p));
				if (close) {
					strbuf_adds(&sb, " (");
					strbuf_add(&sb, p + 2, (size_t)(close - p - 2));
					strbuf_addc(&sb, ')');
					p = close;
					continue;
				}
			}
			if (*p == '[') { /* a link's text: "[text](target)" */
				const char *close = memchr(p, ']', (size_t)(end - p));
				if (close && close + 1 < end && close[1] == '(')
					continue;
			}
			strbuf_addc(&sb, *p);
		}
		strbuf_addc(&sb, '\n');
		line = nl ? nl + 1 : end;
	}
	return strbuf_detach(&sb);
}

/* rules/docs/<ID>.md beside the rule's file, or NULL. */
static char *rule_doc(const struct rule *rule)
{
	char *dir = path_dirname(rule->file ? rule->file : ".");
	char *name = alloc_printf("docs/%s.md", rule->id);
	char *path = path_join(dir, name);
	struct source src;
	const char *err;
	char *text = NULL;
	if (source_load(path, SOURCE_MAX_BYTES, &src, &err) == SOURCE_OK) {
		text = alloc_strdup(src.text);
		source_release(&src);
	}
	free(path);
	free(name);
	free(dir);
	return text;
}

static cJSON *rule_json(const struct rule *rule, bool full_help)
{
	cJSON *o = cJSON_CreateObject();
	add_string(o, "id", rule->id);
	add_string(o, "name", rule->name);
	cJSON_AddItemToObject(o, "shortDescription", message_json(rule->title));
	cJSON_AddItemToObject(o, "fullDescription", message_json(rule->requirement));
	/* The short help is the one a rule without a page gets: GitHub wants some help on every rule. */
	char *doc = full_help ? rule_doc(rule) : NULL;
	if (!doc)
		doc = alloc_printf("# %s: %s\n\n%s\n\nSee %s.\n", rule->id, rule->title, rule->requirement,
				rule->help_uri ? rule->help_uri : ENTRYCHECK_INFORMATION_URI);
	char *plain = markdown_to_text(doc);
	cJSON *help = cJSON_AddObjectToObject(o, "help");
	add_string(help, "text", plain);
	add_string(help, "markdown", doc);
	free(plain);
	free(doc);
	if (rule->help_uri)
		add_string(o, "helpUri", rule->help_uri);
	cJSON *config = cJSON_AddObjectToObject(o, "defaultConfiguration");
	cJSON_AddStringToObject(config, "level", sarif_level(rule->level));
	if (!rule->models) /* turned off: --select, --ignore, the configuration */
		cJSON_AddFalseToObject(config, "enabled");
	cJSON *props = cJSON_AddObjectToObject(o, "properties");
	cJSON *tags = cJSON_AddArrayToObject(props, "tags");
	for (size_t i = 0; i < rule->tags.len; i++) {
		char *tag = utf8_valid_copy(rule->tags.items[i]);
		cJSON_AddItemToArray(tags, cJSON_CreateString(tag));
		free(tag);
	}
	if (rule_precision_name(rule->precision))
		cJSON_AddStringToObject(props, "precision", rule_precision_name(rule->precision));
	cJSON_AddStringToObject(props, "problem.severity", problem_severity(rule->level));
	return o;
}

/* Results */

static void add_escaped(struct strbuf *sb, const char *text)
{
	for (const char *p = text; *p; p++) {
		if (*p == '[' || *p == ']')
			strbuf_addc(sb, '\\');
		strbuf_addc(sb, *p);
	}
}

/* The finding's message; with related locations, their texts follow as
 * embedded links "[text](id)", and literal brackets are escaped. */
static char *result_message(const struct finding *f)
{
	if (!f->nrelated)
		return alloc_strdup(f->message);
	struct strbuf sb = STRBUF_INIT;
	add_escaped(&sb, f->message);
	strbuf_adds(&sb, " (");
	for (size_t k = 0; k < f->nrelated; k++) {
		const char *text = f->related[k].message;
		strbuf_adds(&sb, k ? ", [" : "[");
		add_escaped(&sb, text && text[0] ? text : "here");
		strbuf_addf(&sb, "](%zu)", k + 1);
	}
	strbuf_addc(&sb, ')');
	return strbuf_detach(&sb);
}

/* The finding's mechanical fix (findings/fix.c) as a SARIF fix. */
static cJSON *fix_json(struct sarif_where *w, const struct finding *f)
{
	const struct finding_fix *x = f->fix;
	size_t len = 0;
	const char *line = x ? line_cache_line(&w->lines, x->file, x->line, &len) : NULL;
	if (!line)
		return NULL;
	cJSON *fix = cJSON_CreateObject();
	cJSON_AddItemToObject(fix, "description", message_json(x->description));
	cJSON *changes = cJSON_AddArrayToObject(fix, "artifactChanges");
	cJSON *change = cJSON_CreateObject();
	cJSON_AddItemToArray(changes, change);
	cJSON_AddItemToObject(change, "artifactLocation", artifact_json(w, x->file));
	cJSON *replacements = cJSON_AddArrayToObject(change, "replacements");
	cJSON *rep = cJSON_CreateObject();
	cJSON_AddItemToArray(replacements, rep);
	cJSON *region = cJSON_AddObjectToObject(rep, "deletedRegion");
	cJSON_AddNumberToObject(region, "startLine", x->line);
	cJSON_AddNumberToObject(region, "startColumn", utf16_column(line, len, x->start_column));
	cJSON_AddNumberToObject(region, "endLine", x->line);
	cJSON_AddNumberToObject(region, "endColumn", utf16_column(line, len, x->end_column));
	cJSON *inserted = cJSON_AddObjectToObject(rep, "insertedContent");
	add_string(inserted, "text", x->text);
	return fix;
}

static void add_strings(cJSON *o, const char *key, const struct strvec *v)
{
	cJSON *array = cJSON_AddArrayToObject(o, key);
	for (size_t k = 0; k < v->len; k++) {
		char *valid = utf8_valid_copy(v->items[k]);
		cJSON_AddItemToArray(array, cJSON_CreateString(valid));
		free(valid);
	}
}

static cJSON *result_json(struct sarif_where *w, const struct finding *f, int rule_index, const char *fingerprint)
{
	cJSON *o = cJSON_CreateObject();
	add_string(o, "ruleId", f->rule->id);
	if (rule_index >= 0)
		cJSON_AddNumberToObject(o, "ruleIndex", rule_index);
	cJSON_AddStringToObject(o, "level", sarif_level(f->rule->level));
	char *text = result_message(f);
	cJSON_AddItemToObject(o, "message", message_json(text));
	free(text);
	cJSON *locations = cJSON_AddArrayToObject(o, "locations");
	cJSON *primary = location_json(w, f->file, f->line, f->column, NULL, 0, true);
	if (f->function) {
		cJSON *logical = cJSON_AddArrayToObject(primary, "logicalLocations");
		cJSON *fn = cJSON_CreateObject();
		add_string(fn, "name", f->function);
		cJSON_AddStringToObject(fn, "kind", "function");
		cJSON_AddItemToArray(logical, fn);
	}
	cJSON_AddItemToArray(locations, primary);
	if (f->nrelated) {
		cJSON *related = cJSON_AddArrayToObject(o, "relatedLocations");
		for (size_t k = 0; k < f->nrelated; k++) {
			const struct finding_step *st = &f->related[k];
			cJSON_AddItemToArray(related, location_json(w, st->file, st->line, st->column,
								    st->message && st->message[0] ? st->message : "here",
								    k + 1, true));
		}
	}
	if (f->npath) {
		cJSON *flows = cJSON_AddArrayToObject(o, "codeFlows");
		cJSON *flow = cJSON_CreateObject();
		cJSON_AddItemToArray(flows, flow);
		cJSON *threads = cJSON_AddArrayToObject(flow, "threadFlows");
		cJSON *thread = cJSON_CreateObject();
		cJSON_AddItemToArray(threads, thread);
		cJSON *steps = cJSON_AddArrayToObject(thread, "locations");
		for (size_t k = 0; k < f->npath; k++) {
			const struct finding_step *st = &f->path[k];
			cJSON *step = cJSON_CreateObject();
			cJSON_AddItemToObject(step, "location",
					      location_json(w, st->file, st->line, st->column, st->message, 0, false));
			cJSON_AddItemToArray(steps, step);
		}
	}
	cJSON *fp = cJSON_AddObjectToObject(o, "partialFingerprints");
	cJSON_AddStringToObject(fp, "entrycheck/v1", fingerprint);
	if (f->suppression) {
		cJSON *sups = cJSON_AddArrayToObject(o, "suppressions");
		cJSON *sup = cJSON_CreateObject();
		cJSON_AddStringToObject(sup, "kind", "inSource");
		add_string(sup, "justification", f->suppression);
		cJSON_AddItemToArray(sups, sup);
	}
	if (f->baseline != BASELINE_NONE)
		cJSON_AddStringToObject(o, "baselineState", f->baseline == BASELINE_NEW ? "new" : "unchanged");
	/* A finding that rests on a guess, or whose DriverEntry was not checked
	 * everywhere, says so where SARIF keeps extras. */
	cJSON *props = f->assumed.len || f->caveats.len ? cJSON_AddObjectToObject(o, "properties") : NULL;
	if (f->assumed.len)
		add_strings(props, "assumedDeclarations", &f->assumed);
	if (f->caveats.len)
		add_strings(props, "caveats", &f->caveats);
	cJSON *fix = fix_json(w, f);
	if (fix) {
		cJSON *fixes = cJSON_AddArrayToObject(o, "fixes");
		cJSON_AddItemToArray(fixes, fix);
	}
	return o;
}

/* Invocation */

static bool execution_successful(const struct run_result *r)
{
	if (r->stats.parsed + r->stats.skipped < r->stats.files || problems_count(&r->problems, PROBLEM_ERROR))
		return false;
	for (size_t i = 0; i < r->entries.len; i++)
		if (!r->entries.items[i].analyzable)
			return false;
	return true;
}

static cJSON *invocation_json(const struct run_result *r, struct sarif_where *w)
{
	cJSON *inv = cJSON_CreateObject();
	cJSON_AddBoolToObject(inv, "executionSuccessful", execution_successful(r));
	cJSON *notes = cJSON_AddArrayToObject(inv, "toolExecutionNotifications");
	size_t nnotes = 0;
	for (size_t i = 0; i < r->problems.len; i++) {
		const struct problem *p = &r->problems.items[i];
		if (p->level == PROBLEM_NOTE && nnotes++ >= NOTES_MAX)
			continue;
		cJSON *n = cJSON_CreateObject();
		cJSON_AddStringToObject(n, "level", p->level == PROBLEM_ERROR	  ? "error"
						    : p->level == PROBLEM_WARNING ? "warning"
										  : "note");
		cJSON_AddItemToObject(n, "message", message_json(p->message));
		if (p->file) {
			cJSON *locations = cJSON_AddArrayToObject(n, "locations");
			cJSON_AddItemToArray(locations,
					     location_json(w, p->file, p->line, p->column, NULL, 0, false));
		}
		cJSON_AddItemToArray(notes, n);
	}
	if (nnotes > NOTES_MAX) {
		cJSON *n = cJSON_CreateObject();
		cJSON_AddStringToObject(n, "level", "note");
		char *text = alloc_printf("%zu more notes are not listed here; entrycheck -v writes every one to its "
				       "standard error", nnotes - NOTES_MAX);
		cJSON_AddItemToObject(n, "message", message_json(text));
		free(text);
		cJSON_AddItemToArray(notes, n);
	}
	return inv;
}

/* The longest directory holding both `a` and `b` (absolute, normalized). */
static char *common_directory(const char *a, const char *b)
{
	size_t n = 0, i = 0;
	for (; a[i] && a[i] == b[i]; i++)
		if (a[i] == '/')
			n = i;
	if ((!a[i] || a[i] == '/') && (!b[i] || b[i] == '/'))
		n = i;
	return n ? alloc_strndup(a, n) : alloc_strdup("/");
}

/* The directory %SRCROOT% stands for: --srcroot, else the root the
 * fingerprints take (the top of the git work tree, findings/fingerprint.h) of
 * the inputs, else of the current directory; inputs under several roots
 * take the directory holding them all. Caller frees. */
static char *sarif_source_root(const struct run_result *r, const struct emit_options *opts, const char *cwd)
{
	if (opts && opts->srcroot)
		return path_absolute(opts->srcroot, cwd);
	char *root = NULL;
	for (size_t i = 0; i < r->inputs.len; i++) {
		char *mine = fingerprint_root(r->inputs.items[i].path, cwd);
		if (!root) {
			root = mine;
			continue;
		}
		char *both = common_directory(root, mine);
		free(root);
		free(mine);
		root = both;
	}
	if (!root) {
		char *here = path_join(cwd, "-");
		root = fingerprint_root(here, cwd);
		free(here);
	}
	return root;
}

char *emit_findings_sarif(const struct run_result *r, const struct emit_options *opts)
{
	char *cwd = path_current_directory();
	char *root = sarif_source_root(r, opts, cwd);
	struct sarif_where w = { { 0 }, cwd, root };
	cJSON *log = cJSON_CreateObject();
	cJSON_AddStringToObject(log, "$schema", SARIF_SCHEMA);
	cJSON_AddStringToObject(log, "version", "2.1.0");
	cJSON *runs = cJSON_AddArrayToObject(log, "runs");
	cJSON *run = cJSON_CreateObject();
	cJSON_AddItemToArray(runs, run);

	cJSON *driver = cJSON_AddObjectToObject(cJSON_AddObjectToObject(run, "tool"), "driver");
	cJSON_AddStringToObject(driver, "name", "entrycheck");
	cJSON_AddStringToObject(driver, "version", ENTRYCHECK_VERSION);
	cJSON_AddStringToObject(driver, "semanticVersion", ENTRYCHECK_VERSION);
	cJSON_AddStringToObject(driver, "informationUri", ENTRYCHECK_INFORMATION_URI);
	cJSON *rules = cJSON_AddArrayToObject(driver, "rules");
	const struct rule **ran = alloc_zeroed(r->rules.len + 1, sizeof(*ran));
	size_t nran = 0;
	for (size_t i = 0; i < r->rules.len; i++) {
		if (r->rules.items[i].retired)
			continue;
		ran[nran++] = &r->rules.items[i];
		cJSON_AddItemToArray(rules, rule_json(&r->rules.items[i], !(opts && opts->short_help)));
	}

	cJSON *invocations = cJSON_AddArrayToObject(run, "invocations");
	cJSON_AddItemToArray(invocations, invocation_json(r, &w));

	const char *srcroot = opts && opts->srcroot_uri ? opts->srcroot_uri : NULL;
	if (!srcroot || strcmp(srcroot, "none")) {
		char *uri;
		if (srcroot) {
			size_t n = strlen(srcroot);
			uri = n && srcroot[n - 1] == '/' ? alloc_strdup(srcroot) : alloc_printf("%s/", srcroot);
		} else {
			char *path = uri_of_path(root);
			size_t n = strlen(path);
			uri = alloc_printf("file://%s%s", path, n && path[n - 1] == '/' ? "" : "/");
			free(path);
		}
		cJSON *bases = cJSON_AddObjectToObject(run, "originalUriBaseIds");
		add_string(cJSON_AddObjectToObject(bases, SRCROOT), "uri", uri);
		free(uri);
	}
	/* Absent unless asked for: GitHub's upload-sarif sets it from its `category` input only when absent. */
	if (opts && opts->automation_id)
		add_string(cJSON_AddObjectToObject(run, "automationDetails"), "id", opts->automation_id);
	cJSON_AddStringToObject(run, "columnKind", "utf16CodeUnits");

	struct strvec fingerprints = STRVEC_INIT;
	fingerprints_with(&r->findings, &w.lines, cwd, &fingerprints);
	cJSON *results = cJSON_AddArrayToObject(run, "results");
	for (size_t i = 0; i < r->findings.len; i++) {
		const struct finding *f = &r->findings.items[i];
		int index = -1;
		for (size_t k = 0; k < nran && index < 0; k++)
			if (ran[k] == f->rule)
				index = (int)k;
		cJSON_AddItemToArray(results, result_json(&w, f, index, fingerprints.items[i]));
	}
	strvec_clear(&fingerprints);
	free(ran);

	/* File names need not be UTF-8; the report must be. */
	char *text = utf8_repaired(cJSON_Print(log));
	cJSON_Delete(log);
	free(root);
	free(cwd);
	line_cache_release(&w.lines);
	return text;
}
