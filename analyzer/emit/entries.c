/* SPDX-License-Identifier: Apache-2.0 */
/* Rendering the entries report. Ordering comes from the run (entries by file
 * and line, problems likewise), so output is stable from run to run. */
#include "emit/entries.h"

#include "base/escape.h"
#include "base/strbuf.h"
#include "base/utf8.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "run/run.h"

static void entries_text(struct strbuf *out, const struct run_result *r)
{
	size_t not_analyzable = 0;
	for (size_t i = 0; i < r->entries.len; i++) {
		const struct entry_point *e = &r->entries.items[i];
		/* A file name's control characters escaped: one line, nothing for a terminal. */
		strbuf_add_escaped(out, e->file);
		strbuf_addf(out, ":%u:%u: ", e->line, e->column);
		strbuf_add_escaped(out, e->function);
		strbuf_adds(out, " [");
		const char *sep = "";
		for (int m = 0; m < MODEL_COUNT; m++) {
			if (e->models & MODEL_BIT(m)) {
				strbuf_addf(out, "%s%s", sep, driver_model_name(m));
				sep = ", ";
			}
		}
		strbuf_addf(out, "]%s\n", !e->analyzable ? " not analyzable" : e->assumed.len ? " degraded" : "");
		not_analyzable += !e->analyzable;
	}
	strbuf_addf(out, "%zu DriverEntry routine%s in %zu file%s", r->entries.len,
		r->entries.len == 1 ? "" : "s", r->stats.files, r->stats.files == 1 ? "" : "s");
	if (not_analyzable)
		strbuf_addf(out, ", %zu not analyzable", not_analyzable);
	size_t failed = r->stats.files - r->stats.parsed - r->stats.skipped;
	if (failed)
		strbuf_addf(out, ", %zu file%s could not be analyzed", failed, failed == 1 ? "" : "s");
	strbuf_addf(out, "\n");
	text_defuse_commands(out);
}

static cJSON *problems_json(const struct problems *problems)
{
	cJSON *list = cJSON_CreateArray();
	for (size_t i = 0; i < problems->len; i++) {
		const struct problem *p = &problems->items[i];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "level", problem_level_name(p->level));
		if (p->file)
			cJSON_AddStringToObject(o, "file", p->file);
		if (p->line)
			cJSON_AddNumberToObject(o, "line", p->line);
		if (p->column)
			cJSON_AddNumberToObject(o, "column", p->column);
		cJSON_AddStringToObject(o, "message", p->message);
		cJSON_AddItemToArray(list, o);
	}
	return list;
}

char *emit_entries_text(const struct run_result *r, const struct emit_options *opts)
{
	(void)opts;
	struct strbuf sb = STRBUF_INIT;
	entries_text(&sb, r);
	return strbuf_detach(&sb);
}

void emit_entries_members(cJSON *root, const struct run_result *r)
{
	cJSON *entries = cJSON_AddArrayToObject(root, "entries");
	for (size_t i = 0; i < r->entries.len; i++) {
		const struct entry_point *e = &r->entries.items[i];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "file", e->file);
		cJSON_AddNumberToObject(o, "line", e->line);
		cJSON_AddNumberToObject(o, "column", e->column);
		cJSON_AddStringToObject(o, "function", e->function);
		cJSON *models = cJSON_AddArrayToObject(o, "models");
		for (int m = 0; m < MODEL_COUNT; m++)
			if (e->models & MODEL_BIT(m))
				cJSON_AddItemToArray(models, cJSON_CreateString(driver_model_name(m)));
		if (strcmp(e->models_from, "code"))
			cJSON_AddStringToObject(o, "models_from", e->models_from);
		cJSON_AddBoolToObject(o, "analyzable", e->analyzable);
		cJSON_AddStringToObject(o, "analyzability", entry_analyzability(e));
		if (e->assumed.len) {
			cJSON *assumed = cJSON_AddArrayToObject(o, "assumed");
			for (size_t k = 0; k < e->assumed.len; k++)
				cJSON_AddItemToArray(assumed, cJSON_CreateString(e->assumed.items[k]));
		}
		cJSON_AddNumberToObject(o, "diagnostics", e->diagnostics);
		cJSON_AddItemToArray(entries, o);
	}
	cJSON_AddItemToObject(root, "problems", problems_json(&r->problems));
}

char *emit_entries_json(const struct run_result *r, const struct emit_options *opts)
{
	(void)opts;
	cJSON *root = cJSON_CreateObject();
	emit_entries_members(root, r);
	/* File names need not be UTF-8; the report must be. */
	char *text = utf8_repaired(cJSON_Print(root));
	cJSON_Delete(root);
	return text;
}
