/* SPDX-License-Identifier: Apache-2.0 */
/* Loading the rule set: each rule file is parsed with positions, validated
 * against the schema, then checked for what a schema cannot say (IDs unique
 * across files, superseded IDs that exist, placeholders the kind fills, a
 * documentation page, a kind of the table the set was given). The kinds'
 * behaviour lives in analyzer/kinds. */
#include "rules/rules.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "json/load.h"
#include "json/schema.h"
#include "base/problems.h"
#include "base/alloc.h"
#include "base/path.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/strvec.h"

/* Rule files are a few kilobytes; anything this big is not one. */
#define RULE_FILE_MAX_BYTES (8u * 1024u * 1024u)

const char *rule_level_name(enum rule_level level)
{
	switch (level) {
	case RULE_ERROR: return "error";
	case RULE_WARNING: return "warning";
	case RULE_NOTE: return "note";
	}
	return "error";
}

static const char *const precision_names[] = { NULL, "very-high", "high", "medium", "low" };

const char *rule_precision_name(enum rule_precision precision)
{
	return (size_t)precision < sizeof(precision_names) / sizeof(*precision_names)
		       ? precision_names[precision]
		       : NULL;
}

/* ---- reading ------------------------------------------------------------ */

/* Makes `schema_path` the set's schema, loading and compiling it unless it
 * already is. Errors in the schema itself are reported at its own lines. */
static int use_schema(struct rule_set *set, const char *schema_path, struct problems *problems)
{
	if (set->schema && !strcmp(set->schema_path, schema_path))
		return 0;
	json_schema_free(set->schema);
	set->schema = NULL;
	json_doc_release(&set->schema_doc);
	free(set->schema_path);
	set->schema_path = alloc_strdup(schema_path);
	if (json_load_file(schema_path, NULL, "rule schema", RULE_FILE_MAX_BYTES, &set->schema_doc, problems))
		return -1;
	const cJSON *bad = NULL;
	char *message = NULL;
	set->schema = json_schema_compile(set->schema_doc.root, &bad, &message);
	if (!set->schema) {
		unsigned line = 0, col = 0;
		if (!json_doc_key_position(&set->schema_doc, bad, &line, &col))
			json_doc_position(&set->schema_doc, bad, &line, &col);
		problems_add(problems, PROBLEM_ERROR, schema_path, line, col,
			     "internal error: invalid rule schema: %s", message);
		free(message);
		json_doc_release(&set->schema_doc);
		return -1;
	}
	return 0;
}

/* ---- validating one file ------------------------------------------------ */

struct file_check {
	const char *path;
	const struct json_doc *doc;
	const cJSON *rules;        /* the "rules" array, or NULL */
	const cJSON **bad;         /* rule objects with an error */
	size_t nbad, cap;
	struct problems *problems;
	size_t errors;
};

static void mark_bad(struct file_check *fc, const cJSON *rule)
{
	GROW(fc->bad, fc->cap, fc->nbad + 1);
	fc->bad[fc->nbad++] = rule;
}

static bool is_bad(const struct file_check *fc, const cJSON *rule)
{
	for (size_t i = 0; i < fc->nbad; i++)
		if (fc->bad[i] == rule)
			return true;
	return false;
}

/* "rule 'WDM001'" or, when it has no string id, "rule #3" (1-based). */
static char *rule_label(const cJSON *rules, const cJSON *rule)
{
	const cJSON *id = cJSON_IsObject(rule) ? cJSON_GetObjectItemCaseSensitive(rule, "id") : NULL;
	if (cJSON_IsString(id))
		return alloc_printf("rule '%s'", id->valuestring);
	size_t index = 1;
	for (const cJSON *r = rules->child; r && r != rule; r = r->next)
		index++;
	return alloc_printf("rule #%zu", index);
}

static void report_at(struct file_check *fc, const cJSON *node, bool at_key, enum problem_level level,
		      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void report_at(struct file_check *fc, const cJSON *node, bool at_key, enum problem_level level,
		      const char *fmt, ...)
{
	unsigned line = 0, col = 0;
	if (!(at_key && json_doc_key_position(fc->doc, node, &line, &col)))
		json_doc_position(fc->doc, node, &line, &col);
	va_list ap;
	va_start(ap, fmt);
	char *message = alloc_vprintf(fmt, ap);
	va_end(ap);
	problems_add(fc->problems, level, fc->path, line, col, "%s", message);
	free(message);
	if (level == PROBLEM_ERROR)
		fc->errors++;
}

static void on_schema_error(void *ctx, const struct json_schema_error *e)
{
	struct file_check *fc = ctx;
	/* Inside a rule, name the rule and give the path below it. */
	if (fc->rules && e->trail_len >= 3 && e->trail[1] == fc->rules) {
		const cJSON *rule = e->trail[2];
		char *label = rule_label(fc->rules, rule);
		char *text = json_schema_error_text(e, 3, label);
		if (e->trail_len == 3 && e->about_value)
			report_at(fc, e->at, e->at_key, PROBLEM_ERROR, "%s", text);
		else
			report_at(fc, e->at, e->at_key, PROBLEM_ERROR, "%s: %s", label, text);
		free(text);
		free(label);
		mark_bad(fc, rule);
		return;
	}
	char *text = json_schema_error_text(e, 1, "the file's top-level value");
	report_at(fc, e->at, e->at_key, PROBLEM_ERROR, "%s", text);
	free(text);
}

static const cJSON *member(const cJSON *obj, const char *name)
{
	return cJSON_GetObjectItemCaseSensitive(obj, name);
}

static const char *string_of(const cJSON *obj, const char *name)
{
	const cJSON *v = member(obj, name);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static const struct rule *find_loaded(const struct rule_set *set, const char *id)
{
	for (size_t i = 0; i < set->len; i++)
		if (!strcmp(set->items[i].id, id))
			return &set->items[i];
	return NULL;
}

static const struct rule_file *file_of(const struct rule_set *set, const struct rule *r)
{
	for (size_t i = 0; i < set->nfiles; i++)
		if (set->files[i].path == r->file)
			return &set->files[i];
	return NULL;
}

/* Checks the message's {placeholders} against what the kind fills. Braces
 * only ever delimit a placeholder: a stray one is most likely a typo. */
static bool check_placeholders(struct file_check *fc, const char *label, const cJSON *rule,
			       const struct kind *kind)
{
	const cJSON *node = member(rule, "message");
	const char *m = node->valuestring;
	bool ok = true;
	for (const char *p = m; *p; p++) {
		if (*p == '}') {
			report_at(fc, node, false, PROBLEM_ERROR,
				  "%s: 'message' has a '}' that closes no placeholder", label);
			return false;
		}
		if (*p != '{')
			continue;
		size_t n = strspn(p + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
		if (!n || p[1 + n] != '}') {
			report_at(fc, node, false, PROBLEM_ERROR,
				  "%s: 'message' has a '{' that starts no placeholder (write {name})", label);
			return false;
		}
		char *name = alloc_strndup(p + 1, n);
		if (!kind_provides(kind, name)) {
			struct strbuf known = STRBUF_INIT;
			strbuf_adds(&known, "function, line, file");
			for (size_t i = 0; kind->placeholders[i]; i++)
				strbuf_addf(&known, ", %s", kind->placeholders[i]);
			report_at(fc, node, false, PROBLEM_ERROR,
				  "%s: message placeholder '{%s}' is not provided by kind '%s' (it provides %s)",
				  label, name, kind->name, strbuf_str(&known));
			strbuf_release(&known);
			ok = false;
		}
		free(name);
		p += n + 1;
	}
	return ok;
}

static const char *const root_names[ROOT_COUNT] = {
	[ROOT_DRIVER_ENTRY] = "DriverEntry",
	[ROOT_ADD_DEVICE] = "AddDevice",
	[ROOT_DEVICE_ADD] = "EvtDriverDeviceAdd",
	[ROOT_FILTER_ATTACH] = "FilterAttach",
	[ROOT_MINIPORT_INIT] = "MiniportInitializeEx",
	[ROOT_DISPATCH_PNP] = "DispatchPnp",
};

enum rule_root rule_root_from_name(const char *name)
{
	for (size_t i = 0; i < ROOT_COUNT; i++)
		if (!strcmp(root_names[i], name))
			return (enum rule_root)i;
	return ROOT_COUNT;
}

static void strvec_from_array(struct strvec *v, const cJSON *array)
{
	const cJSON *item;
	cJSON_ArrayForEach(item, array)
		strvec_push(v, item->valuestring);
}

/* Fills `r` from a rule object the schema accepted. */
static void build_rule(struct rule *r, const struct rule_set *set, const cJSON *rule,
		       const char *path, unsigned line, unsigned col)
{
	static const char *const levels[] = { "error", "warning", "note" };
	const cJSON *item;
	memset(r, 0, sizeof(*r));
	r->id = string_of(rule, "id");
	r->name = string_of(rule, "name");
	for (size_t i = 0; i < 3; i++)
		if (!strcmp(levels[i], string_of(rule, "level")))
			r->level = (enum rule_level)i;
	r->title = string_of(rule, "title");
	r->message = string_of(rule, "message");
	r->requirement = string_of(rule, "requirement");
	r->help_uri = string_of(rule, "helpUri");
	cJSON_ArrayForEach(item, member(rule, "models")) {
		int m = driver_model_from_name(item->valuestring);
		r->models |= m < 0 ? (MODEL_BIT(MODEL_COUNT) - 1) : MODEL_BIT(m);
	}
	r->kind = string_of(rule, "kind");
	r->def = kind_table_find(set->kinds, r->kind);
	r->params = member(rule, "params");
	/* A rule may share another's pairs ("pairs_of": "DE006"): one table. */
	struct rule_extras extras = set->extras;
	const char *pairs_of = string_of(r->params, "pairs_of");
	const struct rule *owner = pairs_of ? find_loaded(set, pairs_of) : NULL;
	extras.shared_pairs = owner ? member(owner->params, "pairs") : NULL;
	r->compiled = r->def->compile ? r->def->compile(r->params, &extras) : NULL;
	strvec_from_array(&r->tags, member(rule, "tags"));
	const char *precision = string_of(rule, "precision");
	for (size_t i = 1; precision && i < sizeof(precision_names) / sizeof(*precision_names); i++)
		if (!strcmp(precision_names[i], precision))
			r->precision = (enum rule_precision)i;
	strvec_from_array(&r->supersedes, member(rule, "supersedes"));
	const cJSON *c28 = member(rule, "c28");
	r->c28_len = (size_t)cJSON_GetArraySize(c28);
	r->c28 = r->c28_len ? alloc_zeroed(r->c28_len, sizeof(*r->c28)) : NULL;
	size_t i = 0;
	cJSON_ArrayForEach(item, c28)
		r->c28[i++] = (unsigned)item->valuedouble;
	r->retired = cJSON_IsTrue(member(rule, "retired"));
	const cJSON *roots = member(rule, "roots");
	r->roots = roots ? 0 : 1u << ROOT_DRIVER_ENTRY;
	cJSON_ArrayForEach(item, roots) /* the schema admits known names */
		r->roots |= 1u << rule_root_from_name(item->valuestring);
	r->json = rule;
	r->file = path;
	r->line = line;
	r->column = col;
}

static void rule_clear(struct rule *r)
{
	strvec_clear(&r->tags);
	strvec_clear(&r->supersedes);
	free(r->c28);
	if (r->compiled)
		r->def->release(r->compiled);
}

/* The checks beyond the schema for one rule the schema accepted. Returns
 * true when the rule may join the set. */
static bool check_rule(struct rule_set *set, struct file_check *fc, const cJSON *rule)
{
	char *label = rule_label(fc->rules, rule);
	const char *id = string_of(rule, "id");
	bool ok = true;

	const cJSON *models = member(rule, "models"), *m;
	if (cJSON_GetArraySize(models) > 1) {
		cJSON_ArrayForEach(m, models) {
			if (!strcmp(m->valuestring, "*")) {
				report_at(fc, m, false, PROBLEM_ERROR,
					  "%s: 'models' lists \"*\" (every model) with other models", label);
				ok = false;
			}
		}
	}
	const char *kind_name = string_of(rule, "kind");
	const struct kind *kind = set->kinds ? kind_table_find(set->kinds, kind_name) : NULL;
	if (kind) {
		ok &= check_placeholders(fc, label, rule, kind);
	} else {
		report_at(fc, member(rule, "kind"), false, PROBLEM_ERROR, "%s: unknown kind '%s'", label,
			  kind_name);
		ok = false;
	}

	const char *pairs_of = string_of(member(rule, "params"), "pairs_of");
	const struct rule *owner = pairs_of ? find_loaded(set, pairs_of) : NULL;
	if (pairs_of && (!owner || !member(owner->params, "pairs"))) {
		report_at(fc, member(member(rule, "params"), "pairs_of"), false, PROBLEM_ERROR,
			  "%s: 'pairs_of' names %s, but no rule loaded before this one has that id and pairs",
			  label, pairs_of);
		ok = false;
	}

	const struct rule *first = find_loaded(set, id);
	if (first) {
		unsigned line = first->line, col = first->column;
		json_doc_position(&file_of(set, first)->doc, member(first->json, "id"), &line, &col);
		report_at(fc, member(rule, "id"), false, PROBLEM_ERROR,
			  "%s: duplicate rule id (first defined at %s:%u:%u)", label, first->file, line, col);
		ok = false;
	}
	free(label);
	return ok;
}

static void warn_missing_doc(struct file_check *fc, const cJSON *rule, const char *id)
{
	char *dir = path_dirname(fc->path);
	char *docs = path_join(dir, "docs");
	char *name = alloc_printf("%s.md", id);
	char *page = path_join(docs, name);
	if (!path_is_regular_file(page))
		report_at(fc, rule, false, PROBLEM_WARNING,
			  "rule '%s' has no documentation page '%s'", id, page);
	free(page);
	free(name);
	free(docs);
	free(dir);
}

/* Parses and validates one file and adds its good rules, unsorted. */
static size_t load_one(struct rule_set *set, const char *path, struct problems *problems)
{
	struct json_doc doc;
	if (json_load_file(path, NULL, "rule file", RULE_FILE_MAX_BYTES, &doc, problems))
		return 1;

	GROW(set->files, set->files_cap, set->nfiles + 1);
	struct rule_file *rf = &set->files[set->nfiles++];
	rf->path = alloc_strdup(path);
	rf->doc = doc;

	struct file_check fc = { rf->path, &rf->doc, NULL, NULL, 0, 0, problems, 0 };
	const cJSON *rules = cJSON_IsObject(doc.root) ? member(doc.root, "rules") : NULL;
	fc.rules = cJSON_IsArray(rules) ? rules : NULL;
	fc.errors += json_schema_validate(set->schema, doc.root, on_schema_error, &fc);
	const cJSON *rule;
	cJSON_ArrayForEach(rule, fc.rules) {
		if (is_bad(&fc, rule))
			continue;
		if (!check_rule(set, &fc, rule))
			continue;
		unsigned line = 0, col = 0;
		json_doc_position(&rf->doc, rule, &line, &col);
		GROW(set->items, set->cap, set->len + 1);
		build_rule(&set->items[set->len++], set, rule, rf->path, line, col);
		warn_missing_doc(&fc, rule, string_of(rule, "id"));
	}
	free(fc.bad);
	return fc.errors;
}

/* Checks the `supersedes` of rules [from, len) against the whole set and
 * drops the rules that name an unknown ID. */
static size_t check_supersedes(struct rule_set *set, size_t from, struct problems *problems)
{
	size_t errors = 0, kept = from;
	for (size_t i = from; i < set->len; i++) {
		struct rule *r = &set->items[i];
		const struct rule_file *rf = file_of(set, r);
		struct file_check fc = { rf->path, &rf->doc, NULL, NULL, 0, 0, problems, 0 };
		const cJSON *item;
		size_t index = 0;
		cJSON_ArrayForEach(item, member(r->json, "supersedes")) {
			const char *target = r->supersedes.items[index++];
			if (!strcmp(target, r->id))
				report_at(&fc, item, false, PROBLEM_ERROR, "rule '%s' supersedes itself", r->id);
			else if (!find_loaded(set, target))
				report_at(&fc, item, false, PROBLEM_ERROR,
					  "rule '%s': 'supersedes' names unknown rule '%s'", r->id, target);
		}
		errors += fc.errors;
		if (fc.errors)
			rule_clear(r);
		else
			set->items[kept++] = *r;
	}
	set->len = kept;
	return errors;
}

static int compare_rules(const void *a, const void *b)
{
	return strcmp(((const struct rule *)a)->id, ((const struct rule *)b)->id);
}

static int finish(struct rule_set *set, size_t from, size_t errors, struct problems *problems)
{
	errors += check_supersedes(set, from, problems);
	if (set->len)
		qsort(set->items, set->len, sizeof(*set->items), compare_rules);
	return errors ? -1 : 0;
}

static char *default_schema(const char *dir)
{
	return path_join(dir, "schema.json");
}

int rule_set_load_file(struct rule_set *set, const char *path, const char *schema_path,
		       struct problems *problems)
{
	char *dir = path_dirname(path);
	char *fallback = schema_path ? NULL : default_schema(dir);
	size_t from = set->len;
	int rc;
	if (use_schema(set, schema_path ? schema_path : fallback, problems))
		rc = -1;
	else
		rc = finish(set, from, load_one(set, path, problems), problems);
	free(fallback);
	free(dir);
	return rc;
}

int rule_set_load_dir(struct rule_set *set, const char *dir, const char *schema_path,
		      struct problems *problems)
{
	DIR *d = opendir(dir);
	if (!d) {
		problems_add(problems, PROBLEM_ERROR, dir, 0, 0, "cannot read rule directory: %s",
			     strerror(errno));
		return -1;
	}
	struct strvec names = STRVEC_INIT;
	struct dirent *de;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' && str_ends_with_nocase(de->d_name, ".json") &&
		    strcmp(de->d_name, "schema.json") != 0)
			strvec_push(&names, de->d_name);
	closedir(d);
	strvec_sort(&names);

	char *fallback = schema_path ? NULL : default_schema(dir);
	size_t from = set->len, errors = 0;
	int rc;
	if (!names.len) {
		problems_add(problems, PROBLEM_ERROR, dir, 0, 0, "no rule files (*.json) in the rule directory");
		rc = -1;
	} else if (use_schema(set, schema_path ? schema_path : fallback, problems)) {
		rc = -1;
	} else {
		for (size_t i = 0; i < names.len; i++) {
			char *path = path_join(dir, names.items[i]);
			errors += load_one(set, path, problems);
			free(path);
		}
		rc = finish(set, from, errors, problems);
	}
	free(fallback);
	strvec_clear(&names);
	return rc;
}

const struct rule *rule_set_find(const struct rule_set *set, const char *id)
{
	struct rule key;
	key.id = id;
	if (!set->len)
		return NULL;
	return bsearch(&key, set->items, set->len, sizeof(*set->items), compare_rules);
}

void rule_set_release(struct rule_set *set)
{
	for (size_t i = 0; i < set->len; i++)
		rule_clear(&set->items[i]);
	free(set->items);
	for (size_t i = 0; i < set->nfiles; i++) {
		free(set->files[i].path);
		json_doc_release(&set->files[i].doc);
	}
	free(set->files);
	json_schema_free(set->schema);
	json_doc_release(&set->schema_doc);
	free(set->schema_path);
	const struct kind_table *kinds = set->kinds;
	struct rule_extras extras = set->extras;
	memset(set, 0, sizeof(*set));
	set->kinds = kinds; /* ready to load again */
	set->extras = extras;
}
