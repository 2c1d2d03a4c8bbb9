/* SPDX-License-Identifier: Apache-2.0 */
/* Rendering the projects report. Flags shared by every file of a project
 * are printed once; a file with flags of its own shows them on its line. */
#include "emit/projects.h"

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/escape.h"
#include "base/path.h"
#include "base/strbuf.h"
#include "base/strvec.h"
#include "base/utf8.h"
#include "project/project.h"

/* The facts in the order printed, with their JSON names. */
static const struct {
	const char *name;
	size_t offset;
} fact_fields[] = {
	{ "driver_type", offsetof(struct driver_facts, driver_type) },
	{ "configuration_type", offsetof(struct driver_facts, configuration_type) },
	{ "kmdf_version", offsetof(struct driver_facts, kmdf_version) },
	{ "umdf_version", offsetof(struct driver_facts, umdf_version) },
	{ "target_version", offsetof(struct driver_facts, target_version) },
	{ "entry_point", offsetof(struct driver_facts, entry_point) },
};

static const char *fact_value(const struct driver_facts *f, size_t k)
{
	return *(char *const *)((const char *)f + fact_fields[k].offset);
}

/* The flags as one line, absolute paths shown relative to `base`. */
static char *args_text(const struct strvec *args, const char *base)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < args->len; i++) {
		char *shown = path_is_absolute(args->items[i]) ? path_relative_to(args->items[i], base)
							       : alloc_strdup(args->items[i]);
		strbuf_adds(&sb, i ? " " : "");
		strbuf_add_escaped(&sb, shown);
		free(shown);
	}
	return strbuf_detach(&sb);
}

static bool same_args(const struct strvec *a, const struct strvec *b)
{
	if (a->len != b->len)
		return false;
	for (size_t i = 0; i < a->len; i++)
		if (strcmp(a->items[i], b->items[i]))
			return false;
	return true;
}

char *emit_projects_text(const struct project_set *set, const char *base)
{
	struct strbuf sb = STRBUF_INIT, *out = &sb;
	size_t files = 0;
	for (size_t p = 0; p < set->len; p++) {
		const struct project *pr = &set->items[p];
		char *shown = path_relative_to(pr->path, base);
		strbuf_add_escaped(out, shown);
		strbuf_addf(out, " (%s%s%s)", pr->kind, pr->configuration ? " " : "",
			pr->configuration ? pr->configuration : "");
		free(shown);
		for (size_t k = 0; k < sizeof(fact_fields) / sizeof(*fact_fields); k++)
			if (fact_value(&pr->facts, k)) {
				strbuf_addf(out, " %s=", fact_fields[k].name);
				strbuf_add_escaped(out, fact_value(&pr->facts, k));
			}
		strbuf_addc(out, '\n');
		const struct strvec *common = pr->nfiles ? &pr->files[0].args : NULL;
		if (common) {
			char *flags = args_text(common, base);
			strbuf_addf(out, "  flags: %s\n", flags);
			free(flags);
		}
		for (size_t f = 0; f < pr->nfiles; f++) {
			char *file = path_relative_to(pr->files[f].path, base);
			strbuf_adds(out, "  ");
			strbuf_add_escaped(out, file);
			if (!same_args(&pr->files[f].args, common)) {
				char *flags = args_text(&pr->files[f].args, base);
				strbuf_addf(out, ": %s", flags);
				free(flags);
			}
			strbuf_addc(out, '\n');
			free(file);
		}
		files += pr->nfiles;
	}
	strbuf_addf(out, "%zu project%s, %zu file%s compiled\n", set->len, set->len == 1 ? "" : "s", files,
		files == 1 ? "" : "s");
	text_defuse_commands(&sb);
	return strbuf_detach(&sb);
}

char *emit_projects_json(const struct project_set *set, const char *base)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *list = cJSON_AddArrayToObject(root, "projects");
	for (size_t p = 0; p < set->len; p++) {
		const struct project *pr = &set->items[p];
		cJSON *o = cJSON_CreateObject();
		char *shown = path_relative_to(pr->path, base);
		cJSON_AddStringToObject(o, "path", shown);
		free(shown);
		cJSON_AddStringToObject(o, "kind", pr->kind);
		if (pr->configuration)
			cJSON_AddStringToObject(o, "configuration", pr->configuration);
		cJSON *facts = cJSON_AddObjectToObject(o, "facts");
		for (size_t k = 0; k < sizeof(fact_fields) / sizeof(*fact_fields); k++)
			if (fact_value(&pr->facts, k))
				cJSON_AddStringToObject(facts, fact_fields[k].name, fact_value(&pr->facts, k));
		cJSON *files = cJSON_AddArrayToObject(o, "files");
		for (size_t f = 0; f < pr->nfiles; f++) {
			cJSON *fo = cJSON_CreateObject();
			char *file = path_relative_to(pr->files[f].path, base);
			cJSON_AddStringToObject(fo, "path", file);
			free(file);
			cJSON *args = cJSON_AddArrayToObject(fo, "args");
			for (size_t a = 0; a < pr->files[f].args.len; a++) {
				const char *arg = pr->files[f].args.items[a];
				char *v = path_is_absolute(arg) ? path_relative_to(arg, base) : alloc_strdup(arg);
				cJSON_AddItemToArray(args, cJSON_CreateString(v));
				free(v);
			}
			cJSON_AddItemToArray(files, fo);
		}
		cJSON_AddItemToArray(list, o);
	}
	/* File names need not be UTF-8; the report must be. */
	char *text = utf8_repaired(cJSON_Print(root));
	cJSON_Delete(root);
	return text;
}
