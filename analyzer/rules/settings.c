/* SPDX-License-Identifier: Apache-2.0 */
/* The configuration file (settings.h): finding it, validating it against
 * the built-in schema, and turning it into run options and rule overrides. */
#include "rules/settings.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "config_schema.h"
#include "json/load.h"
#include "json/schema.h"
#include "base/problems.h"
#include "rules/rules.h"
#include "base/source.h"
#include "base/alloc.h"
#include "base/map.h"
#include "base/path.h"
#include "base/strvec.h"

char *settings_find(const char *dir)
{
	char *d = path_absolute(dir, NULL);
	for (;;) {
		char *candidate = path_join(d, SETTINGS_FILE_NAME);
		if (path_is_regular_file(candidate)) {
			free(d);
			return candidate;
		}
		free(candidate);
		char *up = path_dirname(d);
		if (!strcmp(up, d)) {
			free(up);
			free(d);
			return NULL;
		}
		free(d);
		d = up;
	}
}

struct report_ctx {
	const struct settings *s;
	struct problems *problems;
};

static void report_at(const struct settings *s, struct problems *problems, const cJSON *node, bool at_key,
		      const char *message)
{
	unsigned line = 0, col = 0;
	if (!(at_key && json_doc_key_position(&s->doc, node, &line, &col)))
		json_doc_position(&s->doc, node, &line, &col);
	problems_add(problems, PROBLEM_ERROR, s->path, line, col, "%s", message);
}

static void report_violation(void *data, const struct json_schema_error *e)
{
	struct report_ctx *ctx = data;
	char *text = json_schema_error_text(e, 1, "the configuration");
	report_at(ctx->s, ctx->problems, e->at, e->at_key, text);
	free(text);
}

/* Compiles the built-in schema and validates the document against it. */
static int validate(const struct settings *s, struct problems *problems)
{
	struct json_doc schema_doc;
	struct json_error err;
	if (json_doc_parse(CONFIG_SCHEMA_TEXT, strlen(CONFIG_SCHEMA_TEXT), &schema_doc, &err) != 0) {
		problems_add(problems, PROBLEM_ERROR, "config.schema.json", err.line, err.column,
			     "internal error: invalid configuration schema: %s", err.message);
		return -1;
	}
	const cJSON *bad;
	char *message;
	struct json_schema *schema = json_schema_compile(schema_doc.root, &bad, &message);
	if (!schema) {
		problems_add(problems, PROBLEM_ERROR, "config.schema.json", 0, 0,
			     "internal error: invalid configuration schema: %s", message);
		free(message);
		json_doc_release(&schema_doc);
		return -1;
	}
	struct report_ctx ctx = { s, problems };
	size_t n = json_schema_validate(schema, s->doc.root, report_violation, &ctx);
	json_schema_free(schema);
	json_doc_release(&schema_doc);
	return n ? -1 : 0;
}

int settings_load(const char *path, struct settings *out, struct problems *problems)
{
	memset(out, 0, sizeof(*out));
	out->path = alloc_strdup(path);
	if (json_load_file(path, NULL, "configuration", SOURCE_MAX_BYTES, &out->doc, problems) != 0)
		return -1;
	if (validate(out, problems) != 0)
		return -1;
	char *dir = path_dirname(path);
	char *base = path_absolute(dir, NULL);
	const cJSON *root = out->doc.root, *item;
	out->rules = cJSON_GetObjectItemCaseSensitive(root, "rules");
	cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(root, "rule_dirs")) {
		char *abs = path_absolute(item->valuestring, base);
		strvec_push(&out->rule_dirs, abs);
		free(abs);
	}
	cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(root, "include_paths")) {
		char *abs = path_absolute(item->valuestring, base);
		strvec_push(&out->args, "-I");
		strvec_push(&out->args, abs);
		free(abs);
	}
	cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(root, "defines"))
		strvec_pushf(&out->args, "-D%s", item->valuestring);
	cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(root, "entry_points"))
		strvec_push(&out->entry_points, item->valuestring);
	cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(root, "exclude"))
		strvec_push(&out->exclude, item->valuestring);
	const cJSON *models = cJSON_GetObjectItemCaseSensitive(root, "models");
	out->model_sets = alloc_zeroed((size_t)cJSON_GetArraySize(models) + 1, sizeof(*out->model_sets));
	cJSON_ArrayForEach(item, models) {
		char *abs = path_absolute(item->string, base);
		unsigned set = 0;
		const cJSON *m;
		cJSON_ArrayForEach(m, item) {
			int model = driver_model_from_name(m->valuestring);
			if (model >= 0)
				set |= MODEL_BIT(model);
		}
		out->model_sets[out->model_paths.len] = set;
		strvec_push(&out->model_paths, abs);
		free(abs);
	}
	out->pairs = cJSON_GetObjectItemCaseSensitive(root, "pairs");
	free(base);
	free(dir);
	return 0;
}

int settings_apply_rules(const struct settings *s, struct rule_set *rules, struct problems *problems)
{
	int rc = 0;
	const cJSON *item;
	cJSON_ArrayForEach(item, s->rules) {
		struct rule *r = NULL;
		for (size_t i = 0; i < rules->len && !r; i++)
			if (!strcmp(rules->items[i].id, item->string) && !rules->items[i].retired)
				r = &rules->items[i];
		if (!r) {
			char *message = alloc_printf("unknown rule '%s' (entrycheck rules lists them)", item->string);
			report_at(s, problems, item, true, message);
			free(message);
			rc = -1;
			continue;
		}
		const char *v = item->valuestring;
		if (!strcmp(v, "off"))
			r->models = 0;
		else
			r->level = !strcmp(v, "error") ? RULE_ERROR : !strcmp(v, "warning") ? RULE_WARNING : RULE_NOTE;
	}
	return rc;
}

unsigned settings_models_for(const struct settings *s, const char *path)
{
	size_t best = 0;
	unsigned set = 0;
	for (size_t i = 0; i < s->model_paths.len; i++) {
		const char *prefix = s->model_paths.items[i];
		size_t n = strlen(prefix);
		bool under = !strncmp(path, prefix, n) && (path[n] == '\0' || path[n] == '/');
		if (under && n >= best) {
			best = n;
			set = s->model_sets[i];
		}
	}
	return set;
}

void settings_release(struct settings *s)
{
	free(s->path);
	json_doc_release(&s->doc);
	strvec_clear(&s->rule_dirs);
	strvec_clear(&s->args);
	strvec_clear(&s->entry_points);
	strvec_clear(&s->exclude);
	strvec_clear(&s->model_paths);
	free(s->model_sets);
	memset(s, 0, sizeof(*s));
}

/* The position in `t->items` of the configuration nearest `dir`, read on
 * first use; -1 when there is none. */
static int nearest_item(struct settings_tree *t, const char *dir, struct problems *problems)
{
	char *found = settings_find(dir);
	if (!found)
		return -1;
	char *cwd = path_current_directory();
	char *shown = path_relative_to(found, cwd);
	free(cwd);
	free(found);
	size_t i = 0;
	while (i < t->len && strcmp(t->items[i].path, shown))
		i++;
	if (i == t->len) {
		size_t cap = t->cap;
		GROW(t->items, t->cap, t->len + 1);
		if (t->cap != cap)
			t->valid = alloc_resize(t->valid, t->cap * sizeof(*t->valid));
		t->valid[i] = settings_load(shown, &t->items[i], problems) == 0;
		t->len++;
	}
	free(shown);
	return (int)i;
}

const struct settings *settings_tree_for(struct settings_tree *t, const char *file, bool *bad,
					 struct problems *problems)
{
	char *dir = path_dirname(file);
	size_t known = t->dirs.len;
	int k = strindex_add(&t->dirs, dir);
	if ((size_t)k == known) {
		GROW(t->dir_item, t->dir_cap, t->dirs.len);
		t->dir_item[k] = nearest_item(t, dir, problems);
	}
	free(dir);
	int i = t->dir_item[k];
	if (i < 0)
		return NULL;
	if (!t->valid[i])
		*bad = true;
	return t->valid[i] ? &t->items[i] : NULL;
}

void settings_tree_release(struct settings_tree *t)
{
	for (size_t i = 0; i < t->len; i++)
		settings_release(&t->items[i]);
	free(t->items);
	free(t->valid);
	strindex_clear(&t->dirs);
	free(t->dir_item);
	memset(t, 0, sizeof(*t));
}
