/* SPDX-License-Identifier: Apache-2.0 */
/* `entrycheck merge`: shard reports into one. The order of a whole run is
 * recovered from what each item shows (emit/findings.c and emit/sarif.c
 * write what findings/finding.c and base/problems.c sort by), with a stable
 * sort, so items at the same place keep their reports' order. */
#include "emit/merge.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/problems.h"
#include "json/load.h"
#include "json/pos.h"

#define REPORT_MAX_BYTES (1024u * 1024u * 1024u)

/* What a report is: the layouts entrycheck writes. */
enum layout { LAYOUT_UNKNOWN, LAYOUT_CHECK, LAYOUT_ENTRIES, LAYOUT_SARIF };

static const char *layout_name(enum layout l)
{
	return l == LAYOUT_SARIF ? "a SARIF log" : l == LAYOUT_CHECK ? "a JSON check report" : "a JSON entries report";
}

static enum layout layout_of(const cJSON *root)
{
	if (!cJSON_IsObject(root))
		return LAYOUT_UNKNOWN;
	const cJSON *runs = cJSON_GetObjectItemCaseSensitive(root, "runs");
	const cJSON *version = cJSON_GetObjectItemCaseSensitive(root, "version");
	if (cJSON_IsArray(runs))
		return cJSON_IsString(version) && !strcmp(version->valuestring, "2.1.0") ? LAYOUT_SARIF
											  : LAYOUT_UNKNOWN;
	bool entries = cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(root, "entries"));
	bool problems = cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(root, "problems"));
	bool findings = cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(root, "findings"));
	if (entries && problems && findings && cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(root, "tool")))
		return LAYOUT_CHECK;
	if (entries && problems && !findings && !version)
		return LAYOUT_ENTRIES;
	return LAYOUT_UNKNOWN;
}

/* Where an item sorts: what the run sorts the same kind of item by. */
struct item {
	cJSON *node;              /* borrowed from its report */
	bool located;             /* problems without a file come first */
	const char *file, *rule, *message;
	double line, column;
	size_t seq;               /* the order read: reports in turn, items in their order */
};

static const char *string_at(const cJSON *o, const char *key)
{
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(s) ? s->valuestring : "";
}

static double number_at(const cJSON *o, const char *key)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsNumber(n) ? n->valuedouble : 0;
}

static int compare_strings(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int compare_items(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;
	if (a->located != b->located)
		return a->located ? 1 : -1;
	int c = compare_strings(a->file, b->file);
	if (!c && a->line != b->line)
		c = a->line < b->line ? -1 : 1;
	if (!c && a->column != b->column)
		c = a->column < b->column ? -1 : 1;
	if (!c)
		c = compare_strings(a->rule, b->rule);
	if (!c)
		c = compare_strings(a->message, b->message);
	if (!c)
		c = (a->seq > b->seq) - (a->seq < b->seq);
	return c;
}

/* A list of items from every report, sorted and made unique. */
struct items {
	struct item *items;
	size_t len, cap;
};

static struct item *items_add(struct items *list, cJSON *node)
{
	GROW(list->items, list->cap, list->len + 1);
	struct item *it = &list->items[list->len];
	memset(it, 0, sizeof(*it));
	it->node = node;
	it->located = true;
	it->seq = list->len++;
	return it;
}

/* Sorts the items and returns a new array of copies, each identical item once. */
static cJSON *items_finish(struct items *list)
{
	if (list->len > 1)
		qsort(list->items, list->len, sizeof(*list->items), compare_items);
	cJSON *array = cJSON_CreateArray();
	size_t group = 0; /* the first kept item at the current place */
	for (size_t i = 0; i < list->len; i++) {
		struct item *it = &list->items[i];
		struct item probe = *it;
		probe.seq = 0;
		struct item first = list->items[group];
		first.seq = 0;
		if (i == 0 || compare_items(&first, &probe) != 0)
			group = i;
		bool dup = false;
		for (size_t k = group; k < i && !dup; k++)
			dup = list->items[k].node && cJSON_Compare(list->items[k].node, it->node, true);
		if (dup) {
			it->node = NULL; /* not kept: never compared again */
			continue;
		}
		cJSON_AddItemToArray(array, cJSON_Duplicate(it->node, true));
	}
	free(list->items);
	memset(list, 0, sizeof(*list));
	return array;
}

/* JSON reports */

static void add_entries(struct items *list, cJSON *array)
{
	cJSON *e;
	cJSON_ArrayForEach(e, array) {
		struct item *it = items_add(list, e);
		it->file = string_at(e, "file");
		it->line = number_at(e, "line");
		it->column = number_at(e, "column");
	}
}

static void add_problems(struct items *list, cJSON *array)
{
	cJSON *p;
	cJSON_ArrayForEach(p, array) {
		struct item *it = items_add(list, p);
		it->located = cJSON_GetObjectItemCaseSensitive(p, "file") != NULL;
		it->file = string_at(p, "file");
		it->line = number_at(p, "line");
		it->column = number_at(p, "column");
	}
}

static void add_findings(struct items *list, cJSON *array)
{
	cJSON *f;
	cJSON_ArrayForEach(f, array) {
		struct item *it = items_add(list, f);
		it->file = string_at(f, "file");
		it->line = number_at(f, "line");
		it->column = number_at(f, "column");
		it->rule = string_at(f, "ruleId");
		it->message = string_at(f, "message");
	}
}

/* Replaces the member `key` of `root` by `value`, in its place. */
static void replace_member(cJSON *root, const char *key, cJSON *value)
{
	if (cJSON_GetObjectItemCaseSensitive(root, key))
		cJSON_ReplaceItemInObjectCaseSensitive(root, key, value);
	else
		cJSON_AddItemToObject(root, key, value);
}

static const char *tool_version(const cJSON *root, enum layout l)
{
	if (l == LAYOUT_SARIF) {
		const cJSON *runs = cJSON_GetObjectItemCaseSensitive(root, "runs");
		const cJSON *tool = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(runs, 0), "tool");
		return string_at(cJSON_GetObjectItemCaseSensitive(tool, "driver"), "semanticVersion");
	}
	return string_at(cJSON_GetObjectItemCaseSensitive(root, "tool"), "version");
}

static cJSON *merge_json(cJSON **roots, size_t n, enum layout l)
{
	struct items entries = { 0 }, problems = { 0 }, findings = { 0 };
	for (size_t i = 0; i < n; i++) {
		add_entries(&entries, cJSON_GetObjectItemCaseSensitive(roots[i], "entries"));
		add_problems(&problems, cJSON_GetObjectItemCaseSensitive(roots[i], "problems"));
		if (l == LAYOUT_CHECK)
			add_findings(&findings, cJSON_GetObjectItemCaseSensitive(roots[i], "findings"));
	}
	cJSON *out = cJSON_Duplicate(roots[0], true);
	replace_member(out, "entries", items_finish(&entries));
	replace_member(out, "problems", items_finish(&problems));
	if (l == LAYOUT_CHECK)
		replace_member(out, "findings", items_finish(&findings));
	return out;
}

/* SARIF logs */

static cJSON *sarif_run(const cJSON *root)
{
	return cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(root, "runs"), 0);
}

static cJSON *member(const cJSON *o, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(o, key);
}

/* The primary location of a result or notification: its file URI and start. */
static void locate(struct item *it, const cJSON *o)
{
	const cJSON *loc = cJSON_GetArrayItem(member(o, "locations"), 0);
	const cJSON *phys = member(loc, "physicalLocation");
	it->located = phys != NULL;
	it->file = string_at(member(phys, "artifactLocation"), "uri");
	const cJSON *region = member(phys, "region");
	it->line = number_at(region, "startLine");
	it->column = number_at(region, "startColumn");
}

/* The run members that must agree for the logs to be one run. */
static const char *const sarif_agreeing[] = { "originalUriBaseIds", "columnKind", "automationDetails" };

static int sarif_check(cJSON **roots, const char *const *paths, size_t n, const struct merge_options *opts,
		       struct problems *problems)
{
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		size_t runs = (size_t)cJSON_GetArraySize(member(roots[i], "runs"));
		if (runs != 1) {
			problems_add(problems, PROBLEM_ERROR, paths[i], 0, 0,
				     "holds %zu runs; merge takes SARIF logs of one run, as entrycheck writes them", runs);
			rc = -1;
		}
	}
	for (size_t i = 1; rc == 0 && i < n; i++) {
		const cJSON *a = sarif_run(roots[0]), *b = sarif_run(roots[i]);
		for (size_t k = 0; k < sizeof(sarif_agreeing) / sizeof(*sarif_agreeing); k++) {
			const char *key = sarif_agreeing[k];
			if (!strcmp(key, "automationDetails") && opts->automation_id)
				continue;
			const cJSON *x = member(a, key), *y = member(b, key);
			if ((x || y) && !(x && y && cJSON_Compare(x, y, true))) {
				problems_add(problems, PROBLEM_ERROR, paths[i], 0, 0,
					     "its run.%s differs from that of '%s'%s", key, paths[0],
					     !strcmp(key, "originalUriBaseIds")
						     ? " (give every shard the same --srcroot-uri)"
						     : !strcmp(key, "automationDetails")
							       ? " (give every shard the same --automation-id, or pass one to merge)"
							       : "");
				rc = -1;
			}
		}
	}
	return rc;
}

static cJSON *merge_sarif(cJSON **roots, size_t n, const struct merge_options *opts)
{
	struct items results = { 0 }, notes = { 0 };
	cJSON *artifacts = NULL;
	bool successful = true;
	for (size_t i = 0; i < n; i++) {
		cJSON *run = sarif_run(roots[i]);
		cJSON *r;
		cJSON_ArrayForEach(r, member(run, "results")) {
			struct item *it = items_add(&results, r);
			locate(it, r);
			it->located = true;
			it->rule = string_at(r, "ruleId");
			it->message = string_at(member(r, "message"), "text");
		}
		cJSON *inv;
		cJSON_ArrayForEach(inv, member(run, "invocations")) {
			successful &= !cJSON_IsFalse(member(inv, "executionSuccessful"));
			cJSON *note;
			cJSON_ArrayForEach(note, member(inv, "toolExecutionNotifications")) {
				struct item *it = items_add(&notes, note);
				locate(it, note);
			}
		}
		cJSON *a;
		cJSON_ArrayForEach(a, member(run, "artifacts")) {
			if (!artifacts)
				artifacts = cJSON_CreateArray();
			bool seen = false;
			const cJSON *b;
			cJSON_ArrayForEach(b, artifacts) seen |= cJSON_Compare(a, b, true);
			if (!seen)
				cJSON_AddItemToArray(artifacts, cJSON_Duplicate(a, true));
		}
	}
	cJSON *out = cJSON_Duplicate(roots[0], true);
	cJSON *run = sarif_run(out);
	if (member(run, "invocations")) {
		cJSON *inv = cJSON_CreateObject();
		cJSON_AddBoolToObject(inv, "executionSuccessful", successful);
		cJSON_AddItemToObject(inv, "toolExecutionNotifications", items_finish(&notes));
		cJSON *list = cJSON_CreateArray();
		cJSON_AddItemToArray(list, inv);
		replace_member(run, "invocations", list);
	}
	free(notes.items);
	if (artifacts)
		replace_member(run, "artifacts", artifacts);
	if (opts->automation_id) {
		cJSON *details = cJSON_CreateObject();
		cJSON_AddStringToObject(details, "id", opts->automation_id);
		replace_member(run, "automationDetails", details);
	}
	replace_member(run, "results", items_finish(&results));
	return out;
}

int merge_reports(const char *const *paths, size_t n, const struct merge_options *opts, char **out,
		  enum merge_format *format, struct problems *problems)
{
	*out = NULL;
	struct json_doc *docs = alloc_zeroed(n + 1, sizeof(*docs));
	cJSON **roots = alloc_zeroed(n + 1, sizeof(*roots));
	enum layout *layouts = alloc_zeroed(n + 1, sizeof(*layouts));
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		if (json_load_file(paths[i], NULL, "report", REPORT_MAX_BYTES, &docs[i], problems) != 0) {
			rc = -1;
			continue;
		}
		roots[i] = docs[i].root;
		layouts[i] = layout_of(roots[i]);
		if (layouts[i] == LAYOUT_UNKNOWN) {
			problems_add(problems, PROBLEM_ERROR, paths[i], 0, 0,
				     "not an entrycheck report (check --format json or sarif, entries --format json)");
			rc = -1;
		}
	}
	for (size_t i = 1; rc == 0 && i < n; i++) {
		if (layouts[i] != layouts[0]) {
			problems_add(problems, PROBLEM_ERROR, paths[i], 0, 0, "is %s, and '%s' is %s: cannot merge them",
				     layout_name(layouts[i]), paths[0], layout_name(layouts[0]));
			rc = -1;
		} else if (layouts[0] != LAYOUT_ENTRIES &&
			   strcmp(tool_version(roots[i], layouts[i]), tool_version(roots[0], layouts[0]))) {
			problems_add(problems, PROBLEM_ERROR, paths[i], 0, 0,
				     "written by entrycheck %s, and '%s' by entrycheck %s: run every shard with the same version",
				     tool_version(roots[i], layouts[i]), paths[0], tool_version(roots[0], layouts[0]));
			rc = -1;
		} else if (layouts[0] == LAYOUT_SARIF &&
			   !cJSON_Compare(member(member(member(sarif_run(roots[i]), "tool"), "driver"), "rules"),
					  member(member(member(sarif_run(roots[0]), "tool"), "driver"), "rules"), true)) {
			problems_add(problems, PROBLEM_ERROR, paths[i], 0, 0,
				     "ran other rules than '%s' (--rules, --select, --ignore, the configuration): "
				     "run every shard with the same rule set",
				     paths[0]);
			rc = -1;
		}
	}
	if (rc == 0 && n > 0) {
		enum merge_format got = layouts[0] == LAYOUT_SARIF ? MERGE_SARIF : MERGE_JSON;
		if (opts->want != MERGE_ANY && opts->want != got) {
			problems_add(problems, PROBLEM_ERROR, paths[0], 0, 0, "is %s, not %s as --format asks",
				     layout_name(layouts[0]), opts->want == MERGE_SARIF ? "a SARIF log" : "JSON");
			rc = -1;
		}
		*format = got;
	}
	if (rc == 0 && layouts[0] == LAYOUT_SARIF)
		rc = sarif_check(roots, paths, n, opts, problems);
	if (rc == 0 && n > 0) {
		cJSON *merged = layouts[0] == LAYOUT_SARIF ? merge_sarif(roots, n, opts) : merge_json(roots, n, layouts[0]);
		*out = cJSON_Print(merged);
		cJSON_Delete(merged);
	}
	for (size_t i = 0; i < n; i++)
		json_doc_release(&docs[i]);
	free(docs);
	free(roots);
	free(layouts);
	return rc;
}
