/* SPDX-License-Identifier: Apache-2.0 */
/* The rule set: loading rules/ itself, its schemas against the kind table and
 * the driver models, and one bad rule file per mistake under tests/rules/
 * with the exact file:line:col and message it must produce. (The JSON reader
 * and schema validator beneath it: check_json.c.) */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json/pos.h"
#include "json/schema.h"
#include "base/problems.h"
#include "kinds/table.h"
#include "rules/rules.h"
#include "testutil.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/path.h"

/* Paths in expectations are relative to the source tree. */
static void enter_source_root(void)
{
	ck_assert_int_eq(chdir(ENTRYCHECK_SOURCE_ROOT), 0);
}

static char *problem_text(const struct problem *p)
{
	return alloc_printf("%s:%u:%u: %s: %s", p->file ? p->file : "", p->line, p->column,
			 problem_level_name(p->level), p->message);
}

/* The one error of `problems` as "file:line:col: error: message"; fails the
 * test when there is not exactly one (warnings are left aside). */
static char *single_error(const struct problems *problems)
{
	const struct problem *found = NULL;
	struct strbuf all = STRBUF_INIT;
	for (size_t i = 0; i < problems->len; i++) {
		char *t = problem_text(&problems->items[i]);
		strbuf_addf(&all, "\n  %s", t);
		free(t);
		if (problems->items[i].level == PROBLEM_ERROR) {
			ck_assert_msg(!found, "more than one error:%s", strbuf_str(&all));
			found = &problems->items[i];
		}
	}
	ck_assert_msg(found, "no error:%s", strbuf_str(&all));
	strbuf_release(&all);
	return problem_text(found);
}

static const char *const expected_ids[] = {
	"ATA001", "ATA002", "ATA003", "ATA004", "ATA005", "DE001", "DE002", "DE003",
	"DE004", "DE005", "DE006", "DE007", "DE008", "DE009", "DE010", "DE011",
	"DE012", "DE013", "DE014", "DE015", "DE016", "DE017", "DE018", "DE019", "DE020", "DE021", "DE022", "DE023", "DE024", "DE025", "DE026",
	"FLT001",
	"FLT002",
	"FLT003", "FLT004", "FLT005", "FLT006", "FLT007", "FLT008", "FLT009", "FLT010", "NDIS001", "NDIS002", "NDIS003",
	"NDIS004", "NDIS005", "NDIS006", "NDIS007", "NDIS008", "NDIS009", "SFD001", "SFD002", "SFD003", "SPM001", "SPM002", "SPM003", "STC001",
	"STC002", "STC003", "STC004", "WDF001", "WDF002", "WDF003", "WDF004", "WDF005",
	"WDF006", "WDF007", "WDF008", "WDF009", "WDF010", "WDF011", "WDF012", "WDF013", "WDF014", "WDF015", "WDM001", "WDM002", "WDM003", "WDM004",
	"WDM005", "WDM006", "WDM007", "WDM008", "WDM009", "WDM010", "WDM011", "WDM012", "WDM013", "WDM014", "WDM015", "WDM016",
	"WDM017", "WDM018", "WDM019", "WDM020",
	"WFP001",
	"WFP002", "WSK001",
};

static const char *const expected_kinds[] = {
	"require-call", "init-before-use", "fields-together", "returns-status-of", "model-note",
	"signature", "role-declaration", "c-linkage", "escapes-without-copy", "status-lost",
	"cleanup-on-failure", "checked-before-use", "dispatch-index", "falls-off-end", "no-success-after-failure",
	"teardown-in-unload", "section-lifetime", "nothing-left", "order", "local-kept",
	"cleanup-on-failure", "used-after-release", "checked-before-use", "abandoned-after-failure",
	"checked-before-use", "teardown-in-unload", "teardown-in-unload", "teardown-in-unload", "release-mismatch",
	"used-after-release",
	"lost-at-return",
	"require-call",
	"require-call",
	"guarded-by-success", "cleanup-on-failure",
	"no-success-after-failure", "order", "struct-fields", "teardown-in-unload", "callback-must-call", "table-end", "init-before-use",
	"init-before-use", "init-before-use", "init-before-use", "no-success-after-failure", "require-call", "require-call", "cleanup-on-failure", "cleanup-on-failure", "assigns-field", "assigns-field",
	"assigns-field", "init-before-use", "init-before-use", "returns-status-of", "require-call",
	"assigns-field", "order", "extension-size", "require-call", "init-before-use",
	"store-before-init", "no-success-after-failure", "forbids-field", "attributes-passed", "wdf-nonpnp",
	"wdf-nonpnp", "require-call", "order", "clears-flag", "status-lost", "cleanup-on-failure", "frees-owned", "checked-before-use", "assigns-field", "paired-fields", "assigns-field",
	"dispatch-role", "dispatch-role", "dispatch-role", "dispatch-role", "routine-role",
	"routine-role", "assigns-field", "assigns-field", "assigns-field", "assigns-field", "clears-flag",
	"teardown-in-unload", "clears-flag", "cleanup-on-failure", "status-lost", "checked-before-use", "order",
	"guarded-by-success",
	"teardown-in-unload", "teardown-in-unload",
};

START_TEST(real_rule_directory_loads_without_errors)
{
	enter_source_root();
	struct rule_set set = RULE_SET_WITH_KINDS(&kind_table);
	struct problems problems = { 0 };
	int rc = rule_set_load_dir(&set, "rules", NULL, &problems);
	struct strbuf errors = STRBUF_INIT;
	for (size_t i = 0; i < problems.len; i++) {
		if (problems.items[i].level == PROBLEM_ERROR) {
			char *t = problem_text(&problems.items[i]);
			strbuf_addf(&errors, "\n  %s", t);
			free(t);
		}
	}
	ck_assert_msg(rc == 0 && errors.len == 0, "errors:%s", strbuf_str(&errors));
	strbuf_release(&errors);
	/* Only missing documentation pages may be warned about. */
	for (size_t i = 0; i < problems.len; i++)
		ck_assert_ptr_nonnull(strstr(problems.items[i].message, "has no documentation page 'rules/docs/"));

	size_t n = sizeof(expected_ids) / sizeof(*expected_ids);
	ck_assert_uint_eq(set.len, n);
	for (size_t i = 0; i < n; i++) {
		ck_assert_str_eq(set.items[i].id, expected_ids[i]);
		ck_assert_str_eq(set.items[i].kind, expected_kinds[i]);
		ck_assert(cJSON_IsObject(set.items[i].params));
		ck_assert_ptr_eq(rule_set_find(&set, expected_ids[i]), &set.items[i]);
	}
	ck_assert_ptr_null(rule_set_find(&set, "DE999"));

	const struct rule *r = rule_set_find(&set, "FLT004");
	ck_assert_str_eq(r->name, "NoUnregisterAfterStartFailed");
	ck_assert_str_eq(rule_level_name(r->level), "error");
	ck_assert_int_eq(r->precision, RULE_PRECISION_VERY_HIGH);
	ck_assert_uint_eq(r->models, MODEL_BIT(MODEL_MINIFILTER));
	ck_assert_uint_eq(r->supersedes.len, 1);
	ck_assert_str_eq(r->supersedes.items[0], "DE006");
	ck_assert_uint_eq(r->tags.len, 2);
	ck_assert_str_eq(r->tags.items[1], "resource-leak");
	ck_assert_str_eq(r->file, "rules/minifilter.json");
	ck_assert_uint_eq(r->line, 45);
	ck_assert_uint_eq(r->column, 5);
	ck_assert(cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(r->params, "trigger")));
	ck_assert(!r->retired);

	r = rule_set_find(&set, "DE001");
	ck_assert_uint_eq(r->models, MODEL_BIT(MODEL_COUNT) - 1);
	ck_assert_str_eq(r->help_uri, "https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nc-wdm-driver_initialize");
	ck_assert_uint_eq(r->c28_len, 0);
	ck_assert_uint_eq(r->line, 3);
	ck_assert_uint_eq(r->column, 5);

	ck_assert(rule_set_find(&set, "WDM004")->retired);
	ck_assert_str_eq(rule_level_name(rule_set_find(&set, "WDM006")->level), "note");
	r = rule_set_find(&set, "WDM005");
	ck_assert_uint_eq(r->models, MODEL_BIT(MODEL_WDM) | MODEL_BIT(MODEL_STORAGE_FILTER) |
					     MODEL_BIT(MODEL_STORAGE_CLASS));
	ck_assert_uint_eq(r->c28_len, 1);
	ck_assert_uint_eq(r->c28[0], 28168);
	ck_assert_str_eq(rule_level_name(r->level), "warning");
	ck_assert_str_eq(rule_level_name(rule_set_find(&set, "DE002")->level), "note");
	ck_assert_str_eq(rule_precision_name(rule_set_find(&set, "FLT006")->precision), "medium");

	rule_set_release(&set);
	problems_clear(&problems);
}
END_TEST

static bool string_listed(const cJSON *array, const char *s)
{
	const cJSON *item;
	cJSON_ArrayForEach(item, array)
		if (cJSON_IsString(item) && !strcmp(item->valuestring, s))
			return true;
	return false;
}

/* The driver models are declared once (facts/models.h); every enum of a
 * schema that lists models must list exactly those ("*" aside). */
static void check_model_enums(const cJSON *node, const char *file, size_t *found)
{
	const cJSON *child;
	const cJSON *en = cJSON_IsObject(node) ? cJSON_GetObjectItemCaseSensitive(node, "enum") : NULL;
	if (cJSON_IsArray(en) && string_listed(en, "wdm")) {
		size_t n = 0;
		cJSON_ArrayForEach(child, en) {
			if (!strcmp(child->valuestring, "*"))
				continue;
			ck_assert_msg(driver_model_from_name(child->valuestring) >= 0,
				      "%s: model '%s' is not in facts/models.c", file, child->valuestring);
			n++;
		}
		for (int m = 0; m < MODEL_COUNT; m++)
			ck_assert_msg(string_listed(en, driver_models[m].name), "%s: model '%s' is missing",
				      file, driver_models[m].name);
		ck_assert_uint_eq(n, MODEL_COUNT);
		(*found)++;
	}
	for (child = node ? node->child : NULL; child; child = child->next)
		check_model_enums(child, file, found);
}

START_TEST(schemas_list_exactly_the_declared_driver_models)
{
	static const char *const schemas[] = { "rules/schema.json", "analyzer/schema/config.schema.json",
					       "analyzer/schema/report.schema.json" };
	enter_source_root();
	for (size_t i = 0; i < sizeof(schemas) / sizeof(*schemas); i++) {
		char *text = read_text(ENTRYCHECK_SOURCE_ROOT, schemas[i]);
		struct json_doc doc;
		struct json_error err;
		ck_assert_int_eq(json_doc_parse(text, strlen(text), &doc, &err), 0);
		size_t found = 0;
		check_model_enums(doc.root, schemas[i], &found);
		ck_assert_msg(found > 0, "%s lists no models", schemas[i]);
		json_doc_release(&doc);
		free(text);
	}
	ck_assert_str_eq(driver_model_name(MODEL_NDIS_FILTER), "ndis-filter");
}
END_TEST

START_TEST(schema_kinds_match_the_kind_table)
{
	enter_source_root();
	struct rule_set set = RULE_SET_WITH_KINDS(&kind_table);
	struct problems problems = { 0 };
	ck_assert_int_eq(rule_set_load_file(&set, "rules/wfp.json", "rules/schema.json", &problems), 0);
	const cJSON *kinds = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(
				cJSON_GetObjectItemCaseSensitive(
					cJSON_GetObjectItemCaseSensitive(set.schema_doc.root, "$defs"), "rule"),
				"properties"),
			"kind"),
		"enum");
	size_t n = kind_table.len;
	ck_assert_uint_eq(n, 39);
	ck_assert_int_eq(cJSON_GetArraySize(kinds), (int)n);
	const cJSON *k;
	size_t i = 0;
	cJSON_ArrayForEach(k, kinds) {
		ck_assert_str_eq(kind_table.items[i++]->name, k->valuestring); /* same order */
		char *def = alloc_printf("params-%s", k->valuestring);
		const struct kind *kind = kind_table_find(&kind_table, k->valuestring);
		ck_assert_msg(kind && kind_provides(kind, "function"), "kind %s", k->valuestring);
		ck_assert_msg(cJSON_GetObjectItemCaseSensitive(
				      cJSON_GetObjectItemCaseSensitive(set.schema_doc.root, "$defs"), def),
			      "no %s", def);
		free(def);
	}
	ck_assert(kind_provides(kind_table_find(&kind_table, "cleanup-on-failure"), "trigger_line"));
	ck_assert(!kind_provides(kind_table_find(&kind_table, "require-call"), "call"));
	ck_assert_ptr_null(kind_table_find(&kind_table, "no-such-kind"));
	rule_set_release(&set);
	problems_clear(&problems);
}
END_TEST

static const struct bad_case {
	const char *file;
	const char *error;
} bad_cases[] = {
	{ "tests/rules/unknown-property.json",
	  "tests/rules/unknown-property.json:8:7: error: rule 'TST001': unknown property 'feild'" },
	{ "tests/rules/bad-level.json",
	  "tests/rules/bad-level.json:6:16: error: rule 'TST001': 'level' must be one of error, warning, "
	  "note (got \"warn\")" },
	{ "tests/rules/bad-id.json",
	  "tests/rules/bad-id.json:4:13: error: rule 'TST01': 'id' must match ^[A-Z]{2,4}[0-9]{3}$ "
	  "(got \"TST01\")" },
	{ "tests/rules/missing-field.json",
	  "tests/rules/missing-field.json:3:5: error: rule 'TST001': missing required property 'title'" },
	{ "tests/rules/unknown-kind.json",
	  "tests/rules/unknown-kind.json:12:15: error: rule 'TST001': 'kind' must be one of signature, "
	  "role-declaration, c-linkage, escapes-without-copy, status-lost, cleanup-on-failure, "
	  "require-call, guarded-by-success, no-success-after-failure, returns-status-of, assigns-field, "
	  "paired-fields, forbids-field, init-before-use, store-before-init, checked-before-use, "
	  "fields-together, order, struct-fields, dispatch-role, extension-size, attributes-passed, "
	  "wdf-nonpnp, model-note, falls-off-end, dispatch-index, routine-role, teardown-in-unload, section-lifetime, nothing-left, local-kept, used-after-release, abandoned-after-failure, clears-flag, frees-owned, release-mismatch, callback-must-call, lost-at-return, table-end (got \"require-calls\")" },
	{ "tests/rules/params-missing-key.json",
	  "tests/rules/params-missing-key.json:13:17: error: rule 'TST001': params: missing required "
	  "property 'calls'" },
	{ "tests/rules/params-wrong-type.json",
	  "tests/rules/params-wrong-type.json:13:28: error: rule 'TST001': 'params.calls' must be an "
	  "array (got a string)" },
	{ "tests/rules/unknown-model.json",
	  "tests/rules/unknown-model.json:11:25: error: rule 'TST001': 'models[1]' must be one of wdm, "
	  "kmdf, umdf, minifilter, storage-class, storage-filter, ata-miniport, storport-miniport, "
	  "scsiport-miniport, ndis-miniport, ndis-filter, ndis-protocol, audio-adapter, avstream-minidriver, "
	  "stream-minidriver, display-miniport, wfp-callout, wsk-client, other, * (got \"minifiter\")" },
	{ "tests/rules/supersedes-unknown.json",
	  "tests/rules/supersedes-unknown.json:12:22: error: rule 'TST001': 'supersedes' names unknown "
	  "rule 'TST999'" },
	{ "tests/rules/unknown-placeholder.json",
	  "tests/rules/unknown-placeholder.json:8:18: error: rule 'TST001': message placeholder '{call}' "
	  "is not provided by kind 'require-call' (it provides function, line, file, calls, since, since_line)" },
	{ "tests/rules/syntax-error.json",
	  "tests/rules/syntax-error.json:3:22: error: invalid JSON in rule file: expected ',' or '}' after an object member" },
};

START_TEST(bad_rule_file_gives_one_error_at_its_place)
{
	const struct bad_case *c = &bad_cases[_i];
	enter_source_root();
	struct rule_set set = RULE_SET_WITH_KINDS(&kind_table);
	struct problems problems = { 0 };
	ck_assert_int_eq(rule_set_load_file(&set, c->file, "rules/schema.json", &problems), -1);
	char *got = single_error(&problems);
	ck_assert_str_eq(got, c->error);
	free(got);
	ck_assert_uint_eq(set.len, 0); /* the bad rule is not loaded */
	rule_set_release(&set);
	problems_clear(&problems);
}
END_TEST

/* The schema is not the last word on kinds: one it lets through that the
 * kind table lacks is an error at load time, at the kind's place. */
START_TEST(kind_missing_from_the_table_is_a_load_error_at_its_place)
{
	enter_source_root();
	char *dir = scratch_dir();
	char *schema = scratch_write(dir, "open.schema.json", "{}", 0);
	struct rule_set set = RULE_SET_WITH_KINDS(&kind_table);
	struct problems problems = { 0 };
	ck_assert_int_eq(rule_set_load_file(&set, "tests/rules/unknown-kind.json", schema, &problems), -1);
	char *got = single_error(&problems);
	ck_assert_str_eq(got, "tests/rules/unknown-kind.json:12:15: error: rule 'TST001': unknown kind "
			      "'require-calls'");
	free(got);
	ck_assert_uint_eq(set.len, 0);
	rule_set_release(&set);
	problems_clear(&problems);
	free(schema);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(duplicate_id_across_files_is_an_error_at_the_second)
{
	enter_source_root();
	struct rule_set set = RULE_SET_WITH_KINDS(&kind_table);
	struct problems problems = { 0 };
	ck_assert_int_eq(rule_set_load_dir(&set, "tests/rules/duplicate-id", "rules/schema.json", &problems), -1);
	char *got = single_error(&problems);
	ck_assert_str_eq(got, "tests/rules/duplicate-id/b.json:4:13: error: rule 'TST001': duplicate rule id "
			      "(first defined at tests/rules/duplicate-id/a.json:4:13)");
	free(got);
	ck_assert_uint_eq(set.len, 1);
	ck_assert_str_eq(set.items[0].name, "TestRule");
	rule_set_release(&set);
	problems_clear(&problems);
}
END_TEST

START_TEST(supersedes_may_name_a_rule_of_a_later_file_of_the_directory)
{
	enter_source_root();
	char *dir = scratch_dir();
	char *text = NULL;
	struct rule_set set = RULE_SET_WITH_KINDS(&kind_table);
	struct problems problems = { 0 };
	/* a.json supersedes TST002 of b.json, loaded after it. */
	const char *rule = "{\"rules\": [{\"id\": \"%s\", \"name\": \"R\", \"level\": \"note\", \"title\": \"t\","
			   " \"message\": \"m\", \"requirement\": \"r\", \"helpUri\": \"https://x\","
			   " \"models\": [\"*\"], %s \"kind\": \"model-note\", \"params\": {}}]}";
	text = alloc_printf(rule, "TST001", "\"supersedes\": [\"TST002\"],");
	free(scratch_write(dir, "a.json", text, 0));
	free(text);
	text = alloc_printf(rule, "TST002", "");
	free(scratch_write(dir, "b.json", text, 0));
	free(text);
	free(scratch_write(dir, "notes.txt", "not a rule file", 0));
	ck_assert_int_eq(rule_set_load_dir(&set, dir, "rules/schema.json", &problems), 0);
	ck_assert_uint_eq(set.len, 2);
	ck_assert_uint_eq(problems_count(&problems, PROBLEM_ERROR), 0);
	ck_assert_uint_eq(problems_count(&problems, PROBLEM_WARNING), 2); /* no docs/ */
	rule_set_release(&set);
	problems_clear(&problems);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(missing_documentation_page_is_a_warning)
{
	enter_source_root();
	char *dir = scratch_dir();
	const char *text = "{\"rules\": [\n  {\"id\": \"TST001\", \"name\": \"R\", \"level\": \"note\", \"title\": \"t\","
			   " \"message\": \"{function}\", \"requirement\": \"r\", \"helpUri\": \"https://x\","
			   " \"models\": [\"kmdf\", \"umdf\"], \"kind\": \"model-note\", \"params\": {}}]}";
	char *file = scratch_write(dir, "mine.json", text, 0);
	struct rule_set set = RULE_SET_WITH_KINDS(&kind_table);
	struct problems problems = { 0 };
	ck_assert_int_eq(rule_set_load_file(&set, file, "rules/schema.json", &problems), 0);
	ck_assert_uint_eq(problems.len, 1);
	ck_assert_int_eq(problems.items[0].level, PROBLEM_WARNING);
	ck_assert_uint_eq(problems.items[0].line, 2);
	ck_assert_uint_eq(problems.items[0].column, 3);
	char *want = alloc_printf("rule 'TST001' has no documentation page '%s/docs/TST001.md'", dir);
	ck_assert_str_eq(problems.items[0].message, want);
	free(want);
	ck_assert_uint_eq(set.len, 1);
	ck_assert_uint_eq(set.items[0].models, MODEL_BIT(MODEL_KMDF) | MODEL_BIT(MODEL_UMDF));
	rule_set_release(&set);
	problems_clear(&problems);

	free(scratch_write(dir, "docs/TST001.md", "# TST001\n", 0));
	ck_assert_int_eq(rule_set_load_file(&set, file, "rules/schema.json", &problems), 0);
	ck_assert_uint_eq(problems.len, 0);
	rule_set_release(&set);
	free(file);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(unreadable_rule_files_are_errors_and_utf16_is_decoded)
{
	enter_source_root();
	struct rule_set set = RULE_SET_WITH_KINDS(&kind_table);
	struct problems problems = { 0 };
	ck_assert_int_eq(rule_set_load_file(&set, "tests/rules/no-such.json", "rules/schema.json", &problems), -1);
	char *got = single_error(&problems);
	ck_assert_str_eq(got, "tests/rules/no-such.json:0:0: error: cannot read rule file: no such file");
	free(got);
	problems_clear(&problems);

	char *dir = scratch_dir();
	static const char utf16[] = "\xff\xfe{\0}\0";
	char *file = scratch_write(dir, "u.json", utf16, sizeof(utf16) - 1);
	ck_assert_int_eq(rule_set_load_file(&set, file, "rules/schema.json", &problems), -1);
	ck_assert_uint_eq(problems.len, 1);
	/* Decoded as sources are (Windows PowerShell writes UTF-16), then judged as JSON. */
	ck_assert_ptr_null(strstr(problems.items[0].message, "UTF-16"));
	ck_assert_ptr_null(strstr(problems.items[0].message, "cannot read"));
	problems_clear(&problems);

	/* A missing schema is an error about the schema. */
	ck_assert_int_eq(rule_set_load_file(&set, "rules/wdm.json", "tests/rules/no-schema.json", &problems), -1);
	got = single_error(&problems);
	ck_assert_str_eq(got, "tests/rules/no-schema.json:0:0: error: cannot read rule schema: no such file");
	free(got);
	problems_clear(&problems);

	ck_assert_int_eq(rule_set_load_dir(&set, dir, "rules/schema.json", &problems), -1);
	ck_assert_uint_eq(problems_count(&problems, PROBLEM_ERROR), 1);
	problems_clear(&problems);
	ck_assert_int_eq(rule_set_load_dir(&set, "tests/rules/no-such-dir", "rules/schema.json", &problems), -1);
	got = single_error(&problems);
	ck_assert_str_eq(got, "tests/rules/no-such-dir:0:0: error: cannot read rule directory: No such file or directory");
	free(got);
	ck_assert_uint_eq(set.len, 0);
	rule_set_release(&set);
	problems_clear(&problems);
	free(file);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(beyond_the_schema_models_star_alone_and_stray_braces)
{
	enter_source_root();
	char *dir = scratch_dir();
	const char *tmpl = "{\"rules\": [{\"id\": \"TST001\", \"name\": \"R\", \"level\": \"note\", \"title\": \"t\","
			   " \"message\": \"%s\", \"requirement\": \"r\", \"helpUri\": \"https://x\","
			   " \"models\": %s, \"kind\": \"model-note\", \"params\": {}}]}";
	struct { const char *message, *models, *error; } cases[] = {
		{ "{function", "[\"wdm\"]",
		  "rule 'TST001': 'message' has a '{' that starts no placeholder (write {name})" },
		{ "x } y", "[\"wdm\"]", "rule 'TST001': 'message' has a '}' that closes no placeholder" },
		{ "m", "[\"*\", \"wdm\"]", "rule 'TST001': 'models' lists \"*\" (every model) with other models" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *text = alloc_printf(tmpl, cases[i].message, cases[i].models);
		char *file = scratch_write(dir, "r.json", text, 0);
		struct rule_set set = RULE_SET_WITH_KINDS(&kind_table);
		struct problems problems = { 0 };
		ck_assert_int_eq(rule_set_load_file(&set, file, "rules/schema.json", &problems), -1);
		ck_assert_uint_eq(problems_count(&problems, PROBLEM_ERROR), 1);
		ck_assert_str_eq(problems.items[0].message, cases[i].error);
		rule_set_release(&set);
		problems_clear(&problems);
		free(file);
		free(text);
	}
	path_remove_tree(dir);
	free(dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("rule_set");
	tcase_add_test(tc, real_rule_directory_loads_without_errors);
	tcase_add_test(tc, schema_kinds_match_the_kind_table);
	tcase_add_test(tc, schemas_list_exactly_the_declared_driver_models);
	tcase_add_loop_test(tc, bad_rule_file_gives_one_error_at_its_place, 0,
			    sizeof(bad_cases) / sizeof(*bad_cases));
	tcase_add_test(tc, kind_missing_from_the_table_is_a_load_error_at_its_place);
	tcase_add_test(tc, duplicate_id_across_files_is_an_error_at_the_second);
	tcase_add_test(tc, supersedes_may_name_a_rule_of_a_later_file_of_the_directory);
	tcase_add_test(tc, missing_documentation_page_is_a_warning);
	tcase_add_test(tc, unreadable_rule_files_are_errors_and_utf16_is_decoded);
	tcase_add_test(tc, beyond_the_schema_models_star_alone_and_stray_braces);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
