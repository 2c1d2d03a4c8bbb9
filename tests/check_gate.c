/* SPDX-License-Identifier: Apache-2.0 */
/* The gate: --fail-on levels, inline suppressions (entrycheck-suppress and
 * the Code Analysis pragmas), baselines, the configuration file, and the
 * rules and explain commands. Each test writes its small inputs itself. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/path.h"
#include "findings/changes.h"

/* DE002 (a note) at line 3: DriverEntry is not declared with its role type. */
static const char note_driver[] =
	"#include <ntddk.h>\n"
	"static DRIVER_UNLOAD Unload; static VOID Unload(PDRIVER_OBJECT d) { UNREFERENCED_PARAMETER(d); }\n"
	"NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
	"{ UNREFERENCED_PARAMETER(r); d->DriverUnload = Unload; return STATUS_SUCCESS; }\n";

/* DE004 (a warning, C28131) at line 8 column 2; line 7 is left for a suppression. */
static const char *keep_driver(const char *line7)
{
	static char text[1024];
	snprintf(text, sizeof(text),
		 "#include <ntddk.h>\n"
		 "static UNICODE_STRING gPath;\n"
		 "static DRIVER_UNLOAD Unload; static VOID Unload(PDRIVER_OBJECT d) { UNREFERENCED_PARAMETER(d); }\n"
		 "DRIVER_INITIALIZE DriverEntry;\n"
		 "NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
		 "{ d->DriverUnload = Unload;\n"
		 "%s\n"
		 "\tgPath = *r;\n"
		 "\treturn STATUS_SUCCESS; }\n",
		 line7);
	return text;
}

/* Runs `args` in `dir` and checks the exit code and a piece of each stream
 * (NULL: not checked). */
static void expect(const char *dir, const char *args, int code, const char *out, const char *err)
{
	struct outcome o = run_in(dir, args);
	ck_assert_msg(o.code == code, "'%s' exited %d, not %d\nstdout:\n%s\nstderr:\n%s", args, o.code, code,
		      o.out, o.err);
	if (out)
		ASSERT_CONTAINS(o.out, out);
	if (err)
		ASSERT_CONTAINS(o.err, err);
	outcome_release(&o);
}

START_TEST(gate_1_fail_on_levels)
{
	char *dir = scratch_dir();
	free(scratch_write(dir, "note.c", note_driver, 0));
	free(scratch_write(dir, "warn.c", keep_driver(""), 0));
	expect(dir, "note.c", 0, "1 note", NULL);
	expect(dir, "--fail-on note note.c", 1, "[DE002]", NULL);
	expect(dir, "--fail-on none --format json note.c", 0, "\"DE002\"", NULL);
	expect(dir, "warn.c", 1, "warn.c:8:2: warning:", NULL);
	expect(dir, "--fail-on warning warn.c", 1, "[DE004]", NULL);
	expect(dir, "--fail-on error warn.c", 0, "[DE004]", NULL);
	expect(dir, "--fail-on none warn.c", 0, NULL, NULL);
	expect(dir, "--fail-on fatal warn.c", 2, NULL, "unknown level 'fatal' for --fail-on");
	path_remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(gate_2_suppression_with_a_reason)
{
	char *dir = scratch_dir();
	free(scratch_write(dir, "a.c", keep_driver("// entrycheck-suppress DE002, DE004: copied in DriverUnload"), 0));
	/* on the finding's own line too */
	char *same = alloc_strdup(keep_driver(""));
	char *at = strstr(same, "\tgPath = *r;");
	char *with = alloc_printf("%.*s\tgPath = *r; /* entrycheck-suppress DE004: kept on purpose */%s",
			       (int)(at - same), same, at + strlen("\tgPath = *r;"));
	free(scratch_write(dir, "b.c", with, 0));
	free(same);
	free(with);
	expect(dir, "a.c", 0, "1 suppressed finding not shown", NULL);
	struct outcome o = run_in(dir, "a.c");
	ASSERT_LACKS(o.out, "DE004");
	ASSERT_CONTAINS(o.out, "0 errors, 0 warnings, 0 notes");
	/* each ID of the list counts on its own: DE002 is not reported here */
	ASSERT_CONTAINS(o.err, "a.c:7:4: warning: unused suppression of DE002");
	outcome_release(&o);
	expect(dir, "b.c", 0, "1 suppressed finding not shown", NULL);

	o = run_in(dir, "--format sarif a.c");
	ck_assert_int_eq(o.code, 0);
	cJSON *log = cJSON_Parse(o.out);
	cJSON *result = cJSON_GetArrayItem(
		cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(log, "runs"), 0), "results"), 0);
	cJSON *sup = cJSON_GetArrayItem(cJSON_GetObjectItem(result, "suppressions"), 0);
	ck_assert_str_eq(cJSON_GetObjectItem(sup, "kind")->valuestring, "inSource");
	ck_assert_str_eq(cJSON_GetObjectItem(sup, "justification")->valuestring, "copied in DriverUnload");
	cJSON_Delete(log);
	outcome_release(&o);

	o = run_in(dir, "--format json a.c");
	cJSON *doc = cJSON_Parse(o.out);
	cJSON *f = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "findings"), 0);
	cJSON *s = cJSON_GetObjectItem(f, "suppressed");
	ck_assert_str_eq(cJSON_GetObjectItem(s, "justification")->valuestring, "copied in DriverUnload");
	cJSON_Delete(doc);
	outcome_release(&o);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(gate_3_suppression_without_a_reason_or_unused)
{
	char *dir = scratch_dir();
	free(scratch_write(dir, "noreason.c", keep_driver("// entrycheck-suppress DE004"), 0));
	expect(dir, "noreason.c", 1, "noreason.c:8:2: warning:",
	       "noreason.c:7:4: warning: suppression of DE004 has no reason and suppresses nothing");
	free(scratch_write(dir, "unused.c", keep_driver("// entrycheck-suppress WDM001: not here"), 0));
	expect(dir, "unused.c", 1, "[DE004]",
	       "unused.c:7:4: warning: unused suppression of WDM001: no such finding on line 7 or the next");
	/* naming no rule, or one that does not exist, is an error (exit 2) at the comment */
	free(scratch_write(dir, "noid.c", keep_driver("// entrycheck-suppress: why"), 0));
	expect(dir, "noid.c", 2, "[DE004]", "noid.c:7:4: error: suppression names no rule");
	free(scratch_write(dir, "typo.c", keep_driver("// entrycheck-suppress XX123: reason"), 0));
	expect(dir, "typo.c", 2, "[DE004]", "typo.c:7:4: error: suppression names 'XX123', which is no rule");
	expect(dir, "-q typo.c", 2, NULL, "typo.c:7:4: error: suppression names 'XX123'");
	free(scratch_write(dir, "mixed.c", keep_driver("// entrycheck-suppress de004, DE9999: reason"), 0));
	expect(dir, "mixed.c", 2, "1 suppressed finding not shown", "mixed.c:7:4: error: suppression names 'DE9999'");
	path_remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(gate_4_code_analysis_pragmas)
{
	char *dir = scratch_dir();
	free(scratch_write(dir, "warning.c", keep_driver("#pragma warning(suppress: 28131)"), 0));
	expect(dir, "warning.c", 0, "1 suppressed finding not shown", NULL);
	expect(dir, "--format json warning.c", 0, "\"justification\":\t\"#pragma warning(suppress: 28131)\"", NULL);
	free(scratch_write(dir, "prefast.c", keep_driver("#pragma prefast(suppress: 28131, \"copied later\")"), 0));
	expect(dir, "--format json prefast.c", 0, "\"justification\":\t\"copied later\"", NULL);
	/* a number no rule maps to is Code Analysis's business; one a rule maps to is reported */
	free(scratch_write(dir, "other.c", keep_driver("#pragma warning(suppress: 6387)"), 0));
	struct outcome o = run_in(dir, "other.c");
	ck_assert_int_eq(o.code, 1);
	ASSERT_LACKS(o.err, "unused");
	outcome_release(&o);
	free(scratch_write(dir, "stale.c", "#include <ntddk.h>\n#pragma warning(suppress: 28131)\n", 0));
	expect(dir, "--allow-empty stale.c", 0, NULL, "stale.c:2:1: warning: unused suppression of C28131");
	path_remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(gate_5_baseline)
{
	char *dir = scratch_dir();
	free(scratch_write(dir, "drv.c", keep_driver(""), 0));
	/* writing a baseline accepts today's findings: exit 0, unless it cannot be written */
	expect(dir, "--write-baseline base.json drv.c", 0, "[DE004]", NULL);
	expect(dir, "--write-baseline nodir/base.json drv.c", 2, NULL, "cannot write report 'nodir/base.json'");
	expect(dir, "--format sarif -o base.sarif drv.c", 1, NULL, NULL);
	/* the old finding passes, also with lines inserted above it */
	expect(dir, "--baseline base.json drv.c", 0, "1 finding in the baseline not shown", NULL);
	expect(dir, "--baseline base.sarif drv.c", 0, "1 finding in the baseline not shown", NULL);
	free(scratch_write(dir, "drv.c", keep_driver("/* a new comment */"), 0));
	expect(dir, "--baseline base.sarif --format sarif drv.c", 0, "\"baselineState\":\t\"unchanged\"", NULL);
	/* a new finding fails */
	free(scratch_write(dir, "two.c", keep_driver("\tgPath = *r;"), 0));
	expect(dir, "--baseline base.json two.c", 1, "two.c:7:2: warning:", NULL);
	expect(dir, "--baseline base.json --format json two.c", 1, "\"baselineState\":\t\"new\"", NULL);
	/* bad baselines */
	free(scratch_write(dir, "bad.json", "{\n  \"findings\": [}\n", 0));
	expect(dir, "--baseline bad.json drv.c", 2, NULL, "bad.json:2:16: error: invalid JSON in baseline: expected a value");
	free(scratch_write(dir, "other.json", "{\n  \"x\": 1\n}\n", 0));
	expect(dir, "--baseline other.json drv.c", 2, NULL,
	       "other.json:1:1: error: bad baseline: neither a SARIF log");
	expect(dir, "--baseline missing.json drv.c", 2, NULL, "missing.json: error: cannot read baseline");
	path_remove_tree(dir);
	free(dir);
}
END_TEST

/* A baseline written at the top of a repository matches from any directory
 * below: fingerprints are relative to the git work tree's top, else to the
 * directory of .entrycheck.json, never to the current directory. */
START_TEST(gate_5b_baseline_from_another_directory)
{
	static const char *const markers[][2] = {
		{ ".git", "gitdir: /elsewhere/.git/worktrees/x\n" }, /* a worktree's .git file */
		{ ".entrycheck.json", "{}\n" },
	};
	for (size_t i = 0; i < sizeof(markers) / sizeof(*markers); i++) {
		char *dir = scratch_dir();
		free(scratch_write(dir, markers[i][0], markers[i][1], 0));
		free(scratch_write(dir, "src/drv.c", keep_driver(""), 0));
		expect(dir, "--write-baseline base.json src/drv.c", 0, "[DE004]", NULL);
		char *src = path_join(dir, "src");
		expect(src, "--baseline ../base.json drv.c", 0, "1 finding in the baseline not shown", NULL);
		expect(src, "--baseline ../base.json .", 0, "1 finding in the baseline not shown", NULL);
		/* the same fingerprint in both reports */
		expect(dir, "--format json -o top.json src/drv.c", 1, NULL, NULL);
		expect(src, "--format json -o ../below.json drv.c", 1, NULL, NULL);
		char *top = read_text(dir, "top.json"), *below = read_text(dir, "below.json");
		const char *fp = strstr(top, "\"fingerprint\"");
		ck_assert_ptr_nonnull(fp);
		char *line = alloc_strndup(fp, strcspn(fp, "\n"));
		ASSERT_CONTAINS(below, line);
		free(line);
		free(top);
		free(below);
		free(src);
		path_remove_tree(dir);
		free(dir);
	}
}
END_TEST

START_TEST(gate_6_configuration)
{
	char *dir = scratch_dir();
	free(scratch_write(dir, "src/drv.c", keep_driver(""), 0));
	free(scratch_write(dir, ".entrycheck.json", "{\n  \"rules\": { \"DE004\": \"note\" }\n}\n", 0));
	char *src = path_join(dir, "src");
	expect(src, "drv.c", 0, "drv.c:8:2: note:", NULL); /* found upward */
	expect(dir, "--fail-on note src", 1, NULL, NULL);
	free(scratch_write(dir, ".entrycheck.json", "{\n  \"rules\": { \"DE004\": \"off\" }\n}\n", 0));
	expect(dir, "src", 0, "0 errors, 0 warnings, 0 notes", NULL);
	expect(dir, "rules", 0, "DE004   off", NULL);
	free(scratch_write(dir, "inc/flags.h", "#define KEEP_IT 1\n", 0));
	free(scratch_write(dir, "cfg/strict.json",
			   "{ \"rules\": { \"DE002\": \"error\" }, \"include_paths\": [\"../inc\"],"
			   " \"defines\": [\"WITH_DE002=1\"] }\n",
			   0));
	free(scratch_write(dir, "src/inc.c",
			   "#include <ntddk.h>\n#include \"flags.h\"\n#if KEEP_IT && WITH_DE002\n"
			   "NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
			   "{ UNREFERENCED_PARAMETER(d); UNREFERENCED_PARAMETER(r); return STATUS_SUCCESS; }\n#endif\n",
			   0));
	expect(dir, "--config cfg/strict.json src/inc.c", 1, "src/inc.c:4:10: error:", NULL);
	expect(dir, "rules --config cfg/strict.json", 0, "DE002   error", NULL);

	static const char *const bad[][2] = {
		{ "{\n  \"rules\": {},\n  \"color\": true\n}\n", "bad.json:3:3: error: unknown property 'color'" },
		{ "{\n  \"rules\": { \"DE999\": \"off\" }\n}\n", "bad.json:2:14: error: unknown rule 'DE999'" },
		{ "{\n  \"rules\": { \"DE002\": \"loud\" }\n}\n", "bad.json:2:23: error:" },
		{ "{\n  \"defines\": [\"A\",]\n}\n", "bad.json:2:18: error: invalid JSON in configuration: trailing comma" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		free(scratch_write(dir, "bad.json", bad[i][0], 0));
		expect(dir, "--config bad.json src", 2, NULL, bad[i][1]);
	}
	expect(dir, "--config nowhere.json src", 2, NULL, "nowhere.json: error: cannot read configuration");
	free(src);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(gate_7_rules_and_explain)
{
	char *dir = scratch_dir();
	struct outcome o = run_in(dir, "rules");
	ck_assert_int_eq(o.code, 0);
	ASSERT_CONTAINS(o.out, "DE001   error   all ");
	ASSERT_CONTAINS(o.out, "WDM003  warning wdm ");
	ASSERT_CONTAINS(o.out, "DriverUnload not set\n");
	outcome_release(&o);
	expect(dir, "explain FLT004", 0, "# FLT004", NULL);
	expect(dir, "explain flt004", 0, "# FLT004", NULL);
	expect(dir, "explain NOPE1", 2, NULL, "unknown rule 'NOPE1'\ntry 'entrycheck rules'");
	expect(dir, "explain", 2, NULL, "explain takes one rule ID");
	path_remove_tree(dir);
	free(dir);
}
END_TEST


/* Entry points besides DriverEntry, models by path and extra cleanup pairs. */
START_TEST(gate_8_configuration_entry_points_models_pairs)
{
	char *dir = scratch_dir();
	free(scratch_write(dir, ".entrycheck.json",
			   "{\n"
			   "  \"entry_points\": [\"MyDriverInit\", \"BoardInitialize\"],\n"
			   "  \"models\": { \"src/legacy\": [\"wdm\"] },\n"
			   "  \"pairs\": [ { \"acquire\": [\"FooOpenChannel\"], \"release\": [\"FooCloseChannel\"],"
			   " \"success\": \"status\" } ]\n"
			   "}\n",
			   0));
	free(scratch_write(dir, "src/legacy/drv.c",
			   "#include <ntddk.h>\n"
			   "NTSTATUS FooOpenChannel(void);\n"
			   "VOID FooCloseChannel(void);\n"
			   "DRIVER_INITIALIZE MyDriverInit;\n"
			   "NTSTATUS MyDriverInit(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n"
			   "{\n"
			   "    NTSTATUS status;\n"
			   "    UNREFERENCED_PARAMETER(RegistryPath);\n"
			   "    status = FooOpenChannel();\n"
			   "    if (!NT_SUCCESS(status))\n"
			   "        return status;\n"
			   "    status = ZwYieldExecution();\n"
			   "    if (!NT_SUCCESS(status))\n"
			   "        return status;\n"
			   "    DriverObject->DriverUnload = NULL;\n"
			   "    return STATUS_SUCCESS;\n"
			   "}\n",
			   0));
	/* An entry point of another name without its role type: DE002 names it. */
	free(scratch_write(dir, "src/board/board.c",
			   "#include <ntddk.h>\n"
			   "NTSTATUS\n"
			   "BoardInitialize(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n"
			   "{\n"
			   "    UNREFERENCED_PARAMETER(DriverObject);\n"
			   "    UNREFERENCED_PARAMETER(RegistryPath);\n"
			   "    return STATUS_SUCCESS;\n"
			   "}\n",
			   0));
	expect(dir, "check --fail-on note src/board", 1,
	       "src/board/board.c:3:1: note: BoardInitialize is not declared with its role type: add "
	       "'DRIVER_INITIALIZE BoardInitialize;'",
	       NULL);
	struct outcome o = run_in(dir, "check --fail-on note --select DE002 src/legacy");
	ck_assert_msg(o.code == 0, "MyDriverInit is declared with DRIVER_INITIALIZE, yet: %s", o.out);
	outcome_release(&o);
	expect(dir, "entries src/legacy", 0, "src/legacy/drv.c:5:10: MyDriverInit [wdm]", NULL);
	expect(dir, "check src/legacy", 1,
	       "src/legacy/drv.c:14:9: warning: MyDriverInit returns failure at line 14 without calling "
	       "FooCloseChannel for the FooOpenChannel at line 9",
	       NULL);
	free(scratch_write(dir, "bad.json", "{\n  \"models\": { \"src\": [\"wdn\"] }\n}\n", 0));
	expect(dir, "--config bad.json src", 2, NULL, "bad.json:2:23: error:");
	path_remove_tree(dir);
	free(dir);
}
END_TEST

/* More unload pairs than DE011 can follow: the rest are named as not
 * checked, never dropped in silence. */
START_TEST(gate_9_unload_pairs_beyond_the_limit)
{
	char *dir = scratch_dir();
	struct strbuf cfg = STRBUF_INIT;
	strbuf_addf(&cfg, "{\n  \"pairs\": [\n");
	for (int i = 0; i < 40; i++)
		strbuf_addf(&cfg, "    { \"acquire\": [\"FooOpen%d\"], \"release\": [\"FooClose%d\"], \"success\": \"status\", \"unload\": true }%s\n",
			    i, i, i < 39 ? "," : "");
	strbuf_addf(&cfg, "  ]\n}\n");
	free(scratch_write(dir, ".entrycheck.json", cfg.buf, 0));
	strbuf_release(&cfg);
	free(scratch_write(dir, "drv.c",
			   "#include <ntddk.h>\n"
			   "DRIVER_INITIALIZE DriverEntry;\n"
			   "DRIVER_UNLOAD Unload;\n"
			   "VOID Unload(PDRIVER_OBJECT DriverObject) { UNREFERENCED_PARAMETER(DriverObject); }\n"
			   "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n"
			   "{\n"
			   "    UNREFERENCED_PARAMETER(RegistryPath);\n"
			   "    DriverObject->DriverUnload = Unload;\n"
			   "    return STATUS_SUCCESS;\n"
			   "}\n",
			   0));
	expect(dir, "check --select DE011 drv.c", 0, NULL,
	       "drv.c:5:10: note: DriverEntry: DE011 checks the first 64 unload pairs; ");
	path_remove_tree(dir);
	free(dir);
}
END_TEST

/* The patch reader of --changed-since: hunk bodies whose lines look like
 * headers, deletions, C-quoted names, deleted files. */
START_TEST(gate_10_changed_lines_from_a_patch)
{
	static const char patch[] =
		"diff --git a/drv.c b/drv.c\n"
		"index 1..2 100644\n"
		"--- a/drv.c\n"
		"+++ b/drv.c\n"
		"@@ -3 +3,2 @@ int a;\n"
		"-old\n"
		"+++ b/other.c\n"      /* an added line "++ b/other.c", not a header */
		"+@@ -1 +90,3 @@\n"    /* nor this */
		"@@ -20,2 +20,0 @@\n"  /* two lines deleted after line 20 */
		"-x\n"
		"-y\n"
		"diff --git \"a/sp \\\"q\\\" \\303\\251.c\" \"b/sp \\\"q\\\" \\303\\251.c\"\n"
		"--- \"a/sp \\\"q\\\" \\303\\251.c\"\n"
		"+++ \"b/sp \\\"q\\\" \\303\\251.c\"\n"
		"@@ -0,0 +1 @@\n"
		"+new\n"
		"diff --git a/gone.c b/gone.c\n"
		"--- a/gone.c\n"
		"+++ /dev/null\n"
		"@@ -1,2 +0,0 @@\n"
		"-a\n"
		"-b\n";
	struct changes c = { 0 };
	c.root = alloc_strdup("/top");
	ck_assert_int_eq(changes_read_patch(&c, patch), 0);
	ck_assert(!changes_has_line(&c, "/top/drv.c", 2));
	ck_assert(changes_has_line(&c, "/top/drv.c", 3));
	ck_assert(changes_has_line(&c, "/top/drv.c", 4));
	ck_assert(!changes_has_line(&c, "/top/drv.c", 5));
	ck_assert(!changes_has_line(&c, "/top/drv.c", 90));
	ck_assert(!changes_has_line(&c, "/top/other.c", 1));
	ck_assert(!changes_has_line(&c, "/top/drv.c", 19));
	ck_assert(changes_has_line(&c, "/top/drv.c", 20));
	ck_assert(changes_has_line(&c, "/top/drv.c", 21));
	ck_assert(!changes_has_line(&c, "/top/drv.c", 22));
	ck_assert(changes_has_line(&c, "/top/sp \"q\" \xc3\xa9.c", 1));
	ck_assert(!changes_has_line(&c, "/top/gone.c", 1));
	ck_assert_int_eq(changes_read_patch(&c, "@@ -1 +x @@\n"), -1);
	changes_release(&c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("gate");
	TCase *tc = tcase_create("gate");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, gate_1_fail_on_levels);
	tcase_add_test(tc, gate_2_suppression_with_a_reason);
	tcase_add_test(tc, gate_3_suppression_without_a_reason_or_unused);
	tcase_add_test(tc, gate_4_code_analysis_pragmas);
	tcase_add_test(tc, gate_5_baseline);
	tcase_add_test(tc, gate_5b_baseline_from_another_directory);
	tcase_add_test(tc, gate_6_configuration);
	tcase_add_test(tc, gate_7_rules_and_explain);
	tcase_add_test(tc, gate_8_configuration_entry_points_models_pairs);
	tcase_add_test(tc, gate_9_unload_pairs_beyond_the_limit);
	tcase_add_test(tc, gate_10_changed_lines_from_a_patch);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
