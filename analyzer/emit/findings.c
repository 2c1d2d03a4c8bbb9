/* SPDX-License-Identifier: Apache-2.0 */
/* The `check` report: findings with their evidence, as GCC- or MSBuild-style
 * text or JSON. Paths are shown relative to the current directory when under
 * it; in text, paths and messages have their control characters escaped and no
 * line starts with "::" (base/escape.h). */
#include "emit/findings.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "emit/entries.h"
#include "findings/fingerprint.h"
#include "findings/finding.h"
#include "rules/rules.h"
#include "run/run.h"
#include "base/escape.h"
#include "base/path.h"
#include "base/strbuf.h"
#include "base/strvec.h"
#include "base/utf8.h"

static char *shown(const char *path, const char *cwd)
{
	return path_relative_to(path ? path : "", cwd);
}

/* A path or message as text output shows it: one line, nothing for a terminal. */
static char *shown_text(const char *path, const char *cwd)
{
	char *rel = shown(path, cwd);
	char *text = text_escaped(rel);
	free(rel);
	return text;
}

/* GCC's colors: the location bold, each level in its color. */
#define COLOR_BOLD "\033[1m"
#define COLOR_RESET "\033[0m"

static const char *level_color(const char *level)
{
	return !strcmp(level, "error") ? "\033[1;31m" : !strcmp(level, "warning") ? "\033[1;35m" : "\033[1;36m";
}

/* "file:line:col" or "file(line,col)", bold with colors. */
static void put_location(struct strbuf *out, const struct emit_options *st, const char *file, unsigned line,
			 unsigned column)
{
	if (st->color)
		strbuf_adds(out, COLOR_BOLD);
	if (st->msvc)
		strbuf_addf(out, "%s(%u,%u)", file, line, column);
	else
		strbuf_addf(out, "%s:%u:%u", file, line, column);
	if (st->color)
		strbuf_adds(out, COLOR_RESET);
}

/* ": level: message [ID]" in GCC style, ": level ID: message" in MSBuild
 * style; `id` NULL for notes of related locations. */
static void put_diagnostic(struct strbuf *out, const struct emit_options *st, const char *level, const char *id,
			   const char *message)
{
	const char *on = st->color ? level_color(level) : "", *off = st->color ? COLOR_RESET : "";
	char *text = text_escaped(message);
	if (st->msvc && id)
		strbuf_addf(out, ": %s%s %s%s: %s\n", on, level, id, off, text);
	else if (id)
		strbuf_addf(out, ": %s%s:%s %s [%s%s%s]\n", on, level, off, text, on, id, off);
	else
		strbuf_addf(out, ": %s%s:%s %s\n", on, level, off, text);
	free(text);
}

static void findings_text(struct strbuf *out, const struct run_result *r, const struct emit_options *st)
{
	char *cwd = path_current_directory();
	size_t counts[3] = { 0, 0, 0 }, suppressed = 0, in_baseline = 0;
	for (size_t i = 0; i < r->findings.len; i++) {
		const struct finding *f = &r->findings.items[i];
		if (!finding_is_active(f)) {
			suppressed += f->suppression != NULL;
			in_baseline += !f->suppression;
			continue;
		}
		char *file = shown_text(f->file, cwd);
		put_location(out, st, file, f->line, f->column);
		put_diagnostic(out, st, rule_level_name(f->rule->level), f->rule->id, f->message);
		for (size_t k = 0; k < f->nrelated; k++) {
			char *rel = shown_text(f->related[k].file, cwd);
			put_location(out, st, rel, f->related[k].line, f->related[k].column);
			put_diagnostic(out, st, "note", NULL, f->related[k].message);
			free(rel);
		}
		if (f->assumed.len) {
			struct strbuf why = STRBUF_INIT;
			strbuf_adds(&why, "this rests on declarations entrycheck assumed: ");
			for (size_t k = 0; k < f->assumed.len; k++)
				strbuf_addf(&why, "%s%s", k ? ", " : "", f->assumed.items[k]);
			put_location(out, st, file, f->line, f->column);
			put_diagnostic(out, st, "note", NULL, strbuf_str(&why));
			strbuf_release(&why);
		}
		for (size_t k = 0; k < f->npath; k++) {
			char *step = shown_text(f->path[k].file, cwd);
			strbuf_adds(out, "    ");
			put_location(out, st, step, f->path[k].line, f->path[k].column);
			strbuf_adds(out, ": ");
			strbuf_add_escaped(out, f->path[k].message);
			strbuf_addc(out, '\n');
			free(step);
		}
		counts[f->rule->level]++;
		free(file);
	}
	size_t analyzable = 0;
	for (size_t i = 0; i < r->entries.len; i++)
		analyzable += r->entries.items[i].analyzable;
	strbuf_addf(out, "%zu error%s, %zu warning%s, %zu note%s in %zu DriverEntry routine%s (%zu file%s",
		counts[RULE_ERROR], counts[RULE_ERROR] == 1 ? "" : "s", counts[RULE_WARNING],
		counts[RULE_WARNING] == 1 ? "" : "s", counts[RULE_NOTE], counts[RULE_NOTE] == 1 ? "" : "s",
		r->entries.len, r->entries.len == 1 ? "" : "s", r->stats.files, r->stats.files == 1 ? "" : "s");
	if (analyzable != r->entries.len)
		strbuf_addf(out, ", %zu DriverEntry not analyzable", r->entries.len - analyzable);
	strbuf_addf(out, ")\n");
	if (in_baseline)
		strbuf_addf(out, "%zu finding%s in the baseline not shown\n", in_baseline, in_baseline == 1 ? "" : "s");
	if (suppressed)
		strbuf_addf(out, "%zu suppressed finding%s not shown\n", suppressed, suppressed == 1 ? "" : "s");
	free(cwd);
}

char *emit_findings_text(const struct run_result *r, const struct emit_options *opts)
{
	struct strbuf sb = STRBUF_INIT;
	findings_text(&sb, r, opts);
	text_defuse_commands(&sb);
	return strbuf_detach(&sb);
}

static void add_string(cJSON *o, const char *key, const char *value)
{
	char *valid = utf8_valid_copy(value);
	cJSON_AddStringToObject(o, key, valid);
	free(valid);
}

static cJSON *string_json(const char *value)
{
	char *valid = utf8_valid_copy(value);
	cJSON *s = cJSON_CreateString(valid);
	free(valid);
	return s;
}

static cJSON *steps_json(const struct finding_step *steps, size_t n, const char *cwd)
{
	cJSON *list = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		char *file = shown(steps[i].file, cwd);
		add_string(o, "file", file);
		cJSON_AddNumberToObject(o, "line", steps[i].line);
		cJSON_AddNumberToObject(o, "column", steps[i].column);
		add_string(o, "message", steps[i].message);
		cJSON_AddItemToArray(list, o);
		free(file);
	}
	return list;
}

char *emit_findings_json(const struct run_result *r, const struct emit_options *opts)
{
	(void)opts;
	char *cwd = path_current_directory();
	cJSON *root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "version", FINDINGS_JSON_VERSION);
	cJSON *tool = cJSON_AddObjectToObject(root, "tool");
	cJSON_AddStringToObject(tool, "name", "entrycheck");
	cJSON_AddStringToObject(tool, "version", ENTRYCHECK_VERSION);
	emit_entries_members(root, r);
	struct strvec fingerprints = STRVEC_INIT;
	findings_fingerprints(&r->findings, &fingerprints);
	cJSON *findings = cJSON_CreateArray();
	for (size_t i = 0; i < r->findings.len; i++) {
		const struct finding *f = &r->findings.items[i];
		cJSON *o = cJSON_CreateObject();
		char *file = shown(f->file, cwd);
		char *entry = shown(f->entry_file, cwd);
		cJSON_AddStringToObject(o, "ruleId", f->rule->id);
		cJSON_AddStringToObject(o, "level", rule_level_name(f->rule->level));
		add_string(o, "file", file);
		cJSON_AddNumberToObject(o, "line", f->line);
		cJSON_AddNumberToObject(o, "column", f->column);
		add_string(o, "function", f->function);
		add_string(o, "message", f->message);
		cJSON *e = cJSON_AddObjectToObject(o, "entry");
		add_string(e, "file", entry);
		cJSON_AddNumberToObject(e, "line", f->entry_line);
		cJSON_AddItemToObject(o, "related", steps_json(f->related, f->nrelated, cwd));
		cJSON_AddItemToObject(o, "path", steps_json(f->path, f->npath, cwd));
		cJSON_AddStringToObject(o, "fingerprint", fingerprints.items[i]);
		if (f->assumed.len) {
			cJSON *assumed = cJSON_AddArrayToObject(o, "assumed");
			for (size_t k = 0; k < f->assumed.len; k++)
				cJSON_AddItemToArray(assumed, string_json(f->assumed.items[k]));
		}
		if (f->caveats.len) {
			cJSON *caveats = cJSON_AddArrayToObject(o, "caveats");
			for (size_t k = 0; k < f->caveats.len; k++)
				cJSON_AddItemToArray(caveats, string_json(f->caveats.items[k]));
		}
		if (f->suppression) {
			cJSON *sup = cJSON_AddObjectToObject(o, "suppressed");
			cJSON_AddStringToObject(sup, "kind", "inSource");
			add_string(sup, "justification", f->suppression);
		}
		if (f->baseline != BASELINE_NONE)
			cJSON_AddStringToObject(o, "baselineState",
						f->baseline == BASELINE_NEW ? "new" : "unchanged");
		cJSON_AddItemToArray(findings, o);
		free(entry);
		free(file);
	}
	strvec_clear(&fingerprints);
	cJSON_AddItemToObject(root, "findings", findings);
	/* File names need not be UTF-8; the report must be. */
	char *text = utf8_repaired(cJSON_Print(root));
	cJSON_Delete(root);
	free(cwd);
	return text;
}
