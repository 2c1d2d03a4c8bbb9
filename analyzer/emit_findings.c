/* The `check` report: findings with their evidence, as GCC-style text or
 * JSON. Paths are shown relative to the current directory when under it. */
#include "emit_findings.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "emit_entries.h"
#include "evaluate.h"
#include "rules.h"
#include "run.h"
#include "util.h"

static char *shown(const char *path, const char *cwd)
{
	return path_relative_to(path ? path : "", cwd);
}

void emit_findings_text(FILE *out, const struct run_result *r)
{
	char *cwd = current_directory();
	size_t counts[3] = { 0, 0, 0 };
	for (size_t i = 0; i < r->findings.len; i++) {
		const struct finding *f = &r->findings.items[i];
		char *file = shown(f->file, cwd);
		fprintf(out, "%s:%u:%u: %s: %s [%s]\n", file, f->line, f->column,
			rule_level_name(f->rule->level), f->message, f->rule->id);
		for (size_t k = 0; k < f->nrelated; k++) {
			char *rel = shown(f->related[k].file, cwd);
			fprintf(out, "%s:%u:%u: note: %s\n", rel, f->related[k].line, f->related[k].column,
				f->related[k].message);
			free(rel);
		}
		for (size_t k = 0; k < f->npath; k++) {
			char *step = shown(f->path[k].file, cwd);
			fprintf(out, "    %s:%u:%u: %s\n", step, f->path[k].line, f->path[k].column,
				f->path[k].message);
			free(step);
		}
		counts[f->rule->level]++;
		free(file);
	}
	size_t analyzable = 0;
	for (size_t i = 0; i < r->entries.len; i++)
		analyzable += r->entries.items[i].analyzable;
	fprintf(out, "%zu error%s, %zu warning%s, %zu note%s in %zu DriverEntry routine%s (%zu file%s",
		counts[RULE_ERROR], counts[RULE_ERROR] == 1 ? "" : "s", counts[RULE_WARNING],
		counts[RULE_WARNING] == 1 ? "" : "s", counts[RULE_NOTE], counts[RULE_NOTE] == 1 ? "" : "s",
		r->entries.len, r->entries.len == 1 ? "" : "s", r->stats.files, r->stats.files == 1 ? "" : "s");
	if (analyzable != r->entries.len)
		fprintf(out, ", %zu DriverEntry not analyzable", r->entries.len - analyzable);
	fprintf(out, ")\n");
	free(cwd);
}

static cJSON *steps_json(const struct finding_step *steps, size_t n, const char *cwd)
{
	cJSON *list = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		char *file = shown(steps[i].file, cwd);
		cJSON_AddStringToObject(o, "file", file);
		cJSON_AddNumberToObject(o, "line", steps[i].line);
		cJSON_AddNumberToObject(o, "column", steps[i].column);
		cJSON_AddStringToObject(o, "message", steps[i].message);
		cJSON_AddItemToArray(list, o);
		free(file);
	}
	return list;
}

char *emit_findings_json(const struct run_result *r)
{
	char *cwd = current_directory();
	char *entries_text = emit_entries_json(r);
	cJSON *root = cJSON_Parse(entries_text);
	free(entries_text);
	cJSON *findings = cJSON_CreateArray();
	for (size_t i = 0; i < r->findings.len; i++) {
		const struct finding *f = &r->findings.items[i];
		cJSON *o = cJSON_CreateObject();
		char *file = shown(f->file, cwd);
		char *entry = shown(f->entry_file, cwd);
		cJSON_AddStringToObject(o, "ruleId", f->rule->id);
		cJSON_AddStringToObject(o, "level", rule_level_name(f->rule->level));
		cJSON_AddStringToObject(o, "file", file);
		cJSON_AddNumberToObject(o, "line", f->line);
		cJSON_AddNumberToObject(o, "column", f->column);
		cJSON_AddStringToObject(o, "function", f->function);
		cJSON_AddStringToObject(o, "message", f->message);
		cJSON *e = cJSON_AddObjectToObject(o, "entry");
		cJSON_AddStringToObject(e, "file", entry);
		cJSON_AddNumberToObject(e, "line", f->entry_line);
		cJSON_AddItemToObject(o, "related", steps_json(f->related, f->nrelated, cwd));
		cJSON_AddItemToObject(o, "path", steps_json(f->path, f->npath, cwd));
		cJSON_AddItemToArray(findings, o);
		free(entry);
		free(file);
	}
	cJSON_AddItemToObject(root, "findings", findings);
	char *text = cJSON_Print(root);
	cJSON_Delete(root);
	free(cwd);
	return text;
}
