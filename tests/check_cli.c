/* SPDX-License-Identifier: Apache-2.0 */
/* The program as users run it: commands, options, exit codes, and one clear
 * message for each kind of bad input. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "base/strbuf.h"
#include "base/path.h"

static const char good_driver[] =
	"#include <ntddk.h>\n"
	"static DRIVER_UNLOAD Unload; static VOID Unload(PDRIVER_OBJECT d) { UNREFERENCED_PARAMETER(d); }\n"
	"NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
	"{ UNREFERENCED_PARAMETER(r); d->DriverUnload = Unload; return STATUS_SUCCESS; }\n";

START_TEST(help_and_version_exit_zero)
{
	struct outcome o = run_in(".", "--help");
	ck_assert_int_eq(o.code, 0);
	ASSERT_CONTAINS(o.out, "usage: entrycheck");
	ASSERT_CONTAINS(o.out, "--compile-commands");
	ASSERT_CONTAINS(o.out, "Exit status");
	ASSERT_CONTAINS(o.out, "storage-filter");
	outcome_release(&o);
	o = run_in(".", "--version");
	ck_assert_int_eq(o.code, 0);
	ASSERT_CONTAINS(o.out, "entrycheck ");
	outcome_release(&o);
}
END_TEST

START_TEST(usage_errors_exit_two_with_a_hint)
{
	static const char *const cases[][2] = {
		{ "--frobnicate x.c", "unknown option '--frobnicate'" },
		{ "entries", "no input" },
		{ "--format yaml x.c", "unknown format 'yaml'" },
		{ "--model nosuch x.c", "unknown driver model 'nosuch'" },
		{ "-o", "option '-o' needs a value" },
		{ "--no-pch=1 x.c", "takes no value" },
		{ "chek x.c", "unknown command 'chek' (did you mean 'check'?)" },
		{ "entires x.c", "unknown command 'entires' (did you mean 'entries'?)" },
		{ "--fromat json x.c", "unknown option '--fromat' (did you mean '--format'?)" },
		{ "-qx x.c", "unknown option '-x'" },
		{ "-qvo", "option '-o' needs a value" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct outcome o = run_in(".", cases[i][0]);
		ck_assert_msg(o.code == 2, "'%s' exited %d", cases[i][0], o.code);
		ASSERT_CONTAINS(o.err, cases[i][1]);
		ASSERT_CONTAINS(o.err, "entrycheck --help");
		ck_assert_str_eq(o.out, "");
		outcome_release(&o);
	}
}
END_TEST

/* Short flags combine (-qv); a path that happens to look like a command is
 * still a path. */
START_TEST(short_flags_combine_and_paths_stay_paths)
{
	char *dir = scratch_dir();
	free(scratch_write(dir, "chek", good_driver, 0));
	struct outcome o = run_in(dir, "entries -qvo out.txt chek");
	ck_assert_msg(o.code == 0, "exited %d: %s", o.code, o.err);
	outcome_release(&o);
	o = run_in(dir, "chek");
	ck_assert_msg(o.code == 0, "'chek' as a path exited %d: %s", o.code, o.err);
	ASSERT_LACKS(o.err, "unknown command");
	outcome_release(&o);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(entries_json_lists_the_driver_and_exits_zero)
{
	char *dir = scratch_dir();
	free(scratch_write(dir, "src/drv.c", good_driver, 0));
	struct outcome o = run_in(dir, "entries --format json src");
	ck_assert_int_eq(o.code, 0);
	cJSON *doc = cJSON_Parse(o.out);
	ck_assert_ptr_nonnull(doc);
	cJSON *e = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "entries"), 0);
	ck_assert_str_eq(cJSON_GetObjectItem(e, "file")->valuestring, "src/drv.c");
	ck_assert_int_eq(cJSON_GetObjectItem(e, "line")->valueint, 3);
	ck_assert_str_eq(cJSON_GetObjectItem(e, "function")->valuestring, "DriverEntry");
	ck_assert_str_eq(cJSON_GetArrayItem(cJSON_GetObjectItem(e, "models"), 0)->valuestring, "wdm");
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(e, "analyzable")));
	cJSON_Delete(doc);
	outcome_release(&o);

	o = run_in(dir, "entries src/drv.c");
	ck_assert_int_eq(o.code, 0);
	ASSERT_CONTAINS(o.out, "src/drv.c:3:10: DriverEntry [wdm]\n");
	ASSERT_CONTAINS(o.out, "1 DriverEntry routine in 1 file\n");
	outcome_release(&o);

	o = run_in(dir, "src"); /* check is the default command; a note alone does not fail */
	ck_assert_int_eq(o.code, 0);
	ASSERT_CONTAINS(o.out, "src/drv.c:3:10: note: DriverEntry is not declared with its role type");
	ASSERT_CONTAINS(o.out, "[DE002]\n");
	ASSERT_CONTAINS(o.out, "0 errors, 0 warnings, 1 note in 1 DriverEntry routine (1 file)\n");
	outcome_release(&o);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(bad_inputs_exit_two_naming_the_file)
{
	char *dir = scratch_dir();
	free(scratch_write(dir, "ok.c", good_driver, 0));
	free(scratch_write(dir, "empty/README.txt", "no sources here\n", 0));
	free(scratch_write(dir, "blob.c", "\x7F" "ELF\x02\x01\x01\0\0\0", 10));
	free(scratch_write(dir, "broken.c",
			   "#include <ntddk.h>\nNTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
			   "{ d->MajorFunction[ = 0; return\n",
			   0));
	static const char *const cases[][2] = {
		{ "entries missing.c", "missing.c: error: cannot analyze: No such file or directory" },
		{ "entries blob.c", "blob.c: error: cannot analyze: binary file" },
		{ "entries broken.c", "broken.c:2:10: error: DriverEntry cannot be analyzed" },
		{ "entries -p nowhere ok.c", "nowhere: error: cannot read compilation database: no such file" },
		{ "entries --wdk /no/such/wdk ok.c", "--wdk: no such directory" },
		{ "check empty", "empty: error: no C or C++ source files (.c .cpp .cc .cxx) in this directory" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct outcome o = run_in(dir, cases[i][0]);
		ck_assert_msg(o.code == 2, "'%s' exited %d", cases[i][0], o.code);
		ASSERT_CONTAINS(o.err, cases[i][1]);
		outcome_release(&o);
	}
	/* The good file is still reported next to the bad one. */
	struct outcome o = run_in(dir, "entries ok.c blob.c");
	ck_assert_int_eq(o.code, 2);
	ASSERT_CONTAINS(o.out, "ok.c:3:10: DriverEntry [wdm]");
	ASSERT_CONTAINS(o.out, "1 file could not be analyzed");
	outcome_release(&o);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(broken_database_message_has_line_and_column)
{
	char *dir = scratch_dir();
	free(scratch_write(dir, "ok.c", good_driver, 0));
	free(scratch_write(dir, "build/compile_commands.json", "[\n  {\"file\": \"ok.c\",,}\n]\n", 0));
	struct outcome o = run_in(dir, "entries -p build ok.c");
	ck_assert_int_eq(o.code, 2);
	ASSERT_CONTAINS(o.err, "build/compile_commands.json:2:");
	ASSERT_CONTAINS(o.err, "invalid JSON in compilation database");
	/* The line and a caret under the column, as jq shows them. */
	ASSERT_CONTAINS(o.err, "\n      {\"file\": \"ok.c\",,}\n    ");
	ASSERT_CONTAINS(o.err, "^\n");
	ck_assert_str_eq(o.out, "");
	outcome_release(&o);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

/* A configuration written on one long line: the context is the part around
 * the error, marked as cut, with the caret under the column. */
#define CONTEXT_LIMIT 72 /* cli.c's CONTEXT_WIDTH */
START_TEST(long_line_context_is_clipped_around_the_column)
{
	char *dir = scratch_dir();
	struct strbuf cfg = STRBUF_INIT;
	strbuf_adds(&cfg, "{\"exclude\": [");
	for (int i = 0; i < 60; i++)
		strbuf_addf(&cfg, "\"dir%02d\", ", i);
	strbuf_adds(&cfg, "7, \"last\"]}\n");
	free(scratch_write(dir, ".entrycheck.json", strbuf_str(&cfg), 0));
	free(scratch_write(dir, "ok.c", good_driver, 0));
	struct outcome o = run_in(dir, "entries ok.c");
	ck_assert_int_eq(o.code, 2);
	ASSERT_CONTAINS(o.err, ".entrycheck.json:1:");
	ASSERT_CONTAINS(o.err, "\n    ...\"dir");
	ASSERT_CONTAINS(o.err, "7, \"last\"]}\n");
	/* The caret stands under the 7. */
	const char *excerpt = strstr(o.err, "\n    ...");
	ck_assert_ptr_nonnull(excerpt);
	const char *text = excerpt + 1, *caret_line = strchr(text, '\n') + 1;
	const char *caret = strchr(caret_line, '^');
	ck_assert_ptr_nonnull(caret);
	ck_assert_int_eq(text[caret - caret_line], '7');
	ck_assert_int_le((int)(caret_line - text), 4 + 3 + CONTEXT_LIMIT + 3 + 1);
	outcome_release(&o);
	strbuf_release(&cfg);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(output_file_is_written_whole_or_not_at_all)
{
	char *dir = scratch_dir();
	free(scratch_write(dir, "ok.c", good_driver, 0));
	struct outcome o = run_in(dir, "entries --format json -o out/report.json ok.c");
	ck_assert_int_eq(o.code, 2);
	ASSERT_CONTAINS(o.err, "cannot write report 'out/report.json'");
	outcome_release(&o);
	char *missing = path_join(dir, "out/report.json");
	ck_assert(!path_is_regular_file(missing));

	o = run_in(dir, "entries --format json -o report.json ok.c");
	ck_assert_int_eq(o.code, 0);
	ck_assert_str_eq(o.out, "");
	outcome_release(&o);
	char *written = path_join(dir, "report.json");
	ck_assert(path_is_regular_file(written));
	path_remove_tree(dir);
	free(written);
	free(missing);
	free(dir);
}
END_TEST

/* A WDK tree whose file names differ in case from the includes, as real
 * kits do: found through the case-insensitive overlay. */
START_TEST(real_wdk_layout_is_used_with_wdk)
{
	char *dir = scratch_dir();
	free(scratch_write(dir, "kit/Include/10.0.1.0/km/NtDDK.h",
			   "#pragma once\n#include <SpecStrings.h>\n"
			   "typedef long NTSTATUS;\n#define STATUS_SUCCESS ((NTSTATUS)0)\n"
			   "typedef struct _UNICODE_STRING { unsigned short Length; } UNICODE_STRING, *PUNICODE_STRING;\n"
			   "typedef struct _DRIVER_OBJECT { void (*DriverUnload)(struct _DRIVER_OBJECT *); }\n"
			   "  DRIVER_OBJECT, *PDRIVER_OBJECT;\n"
			   "typedef NTSTATUS DRIVER_INITIALIZE(PDRIVER_OBJECT, PUNICODE_STRING);\n",
			   0));
	free(scratch_write(dir, "kit/Include/10.0.1.0/shared/SpecStrings.h",
			   "#pragma once\n#define _In_\n", 0));
	free(scratch_write(dir, "src/drv.c",
			   "#include <ntddk.h>\n"
			   "DRIVER_INITIALIZE DriverEntry;\n"
			   "static void Unload(PDRIVER_OBJECT d) { (void)d; }\n"
			   "NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT d, _In_ PUNICODE_STRING r)\n"
			   "{ (void)r; d->DriverUnload = Unload; return STATUS_SUCCESS; }\n",
			   0));
	struct outcome o = run_in(dir, "entries --wdk kit src");
	ck_assert_msg(o.code == 0, "exit %d: %s", o.code, o.err);
	ASSERT_CONTAINS(o.out, "src/drv.c:4:10: DriverEntry [wdm]");
	outcome_release(&o);
	path_remove_tree(dir);
	free(dir);
}
END_TEST


/* What the kit's own build gave kernel code: the architecture macros and a
 * forced warning.h (WDK 7.1's inc/api, WDK 10's shared), which maps C try
 * and finally; without them the kit's headers stop at #error. */
static const char kit_ntddk[] =
	"#pragma once\n"
	"#if !defined(_AMD64_) || !defined(_WIN64)\n#error \"No Target Architecture\"\n#else\n"
	"typedef long NTSTATUS;\n#define STATUS_SUCCESS ((NTSTATUS)0)\n"
	"#define NT_SUCCESS(s) (((NTSTATUS)(s)) >= 0)\n"
	"typedef struct _UNICODE_STRING { unsigned short Length; } UNICODE_STRING, *PUNICODE_STRING;\n"
	"typedef struct _DRIVER_OBJECT { void (*DriverUnload)(struct _DRIVER_OBJECT *); }\n"
	"  DRIVER_OBJECT, *PDRIVER_OBJECT;\n"
	"typedef NTSTATUS DRIVER_INITIALIZE(PDRIVER_OBJECT, PUNICODE_STRING);\n"
	"void FsRtlEnterFileSystem(void);\nvoid FsRtlExitFileSystem(void);\n#endif\n";
static const char kit_warning[] =
	"#pragma once\n#ifndef __cplusplus\n#define try __try\n#define finally __finally\n#endif\n";
static const char kit_driver[] =
	"#include <ntddk.h>\n"
	"DRIVER_INITIALIZE DriverEntry;\n"
	"static void Unload(PDRIVER_OBJECT d) { (void)d; }\n"
	"NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
	"{\n"
	"    (void)r;\n"
	"    FsRtlEnterFileSystem();\n"
	"    try { d->DriverUnload = Unload; } finally { FsRtlExitFileSystem(); }\n"
	"    return STATUS_SUCCESS;\n"
	"}\n";

static void check_kit_layout(const char *ntddk, const char *warning)
{
	char *dir = scratch_dir();
	free(scratch_write(dir, ntddk, kit_ntddk, 0));
	free(scratch_write(dir, warning, kit_warning, 0));
	free(scratch_write(dir, "src/drv.c", kit_driver, 0));
	struct outcome o = run_in(dir, "entries --wdk kit src");
	ck_assert_msg(o.code == 0, "%s: exit %d: %s", ntddk, o.code, o.err);
	ck_assert_msg(strstr(o.out, "src/drv.c:4:10: DriverEntry [wdm]\n"), "%s: %s", ntddk, o.out);
	ck_assert_msg(!strstr(o.out, "not analyzable"), "%s: %s", ntddk, o.out);
	outcome_release(&o);
	path_remove_tree(dir);
	free(dir);
}

START_TEST(wdk_71_and_10_layouts_get_architecture_and_forced_warning_h)
{
	check_kit_layout("kit/inc/ddk/ntddk.h", "kit/inc/api/warning.h");
	check_kit_layout("kit/Include/10.0.19041.0/km/ntddk.h", "kit/Include/10.0.19041.0/shared/warning.h");
}
END_TEST


static const char start_failure_driver[] =
	"#include <fltKernel.h>\n"
	"DRIVER_INITIALIZE DriverEntry;\n"
	"static PFLT_FILTER gFilter;\n"
	"static NTSTATUS Unload(FLT_FILTER_UNLOAD_FLAGS f) { UNREFERENCED_PARAMETER(f);\n"
	"  FltUnregisterFilter(gFilter); return STATUS_SUCCESS; }\n"
	"static const FLT_REGISTRATION Registration = { sizeof(FLT_REGISTRATION),\n"
	"  FLT_REGISTRATION_VERSION, 0, NULL, NULL, Unload };\n"
	"NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n"
	"{\n"
	"    NTSTATUS status;\n"
	"    UNREFERENCED_PARAMETER(RegistryPath);\n"
	"    status = FltRegisterFilter(DriverObject, &Registration, &gFilter);\n"
	"    if (!NT_SUCCESS(status))\n"
	"        return status;\n"
	"    status = FltStartFiltering(gFilter);\n"
	"    if (!NT_SUCCESS(status))\n"
	"        return status;\n"
	"    return STATUS_SUCCESS;\n"
	"}\n";

START_TEST(check_reports_findings_with_their_path_and_exits_one)
{
	char *dir = scratch_dir();
	free(scratch_write(dir, "flt.c", start_failure_driver, 0));
	struct outcome o = run_in(dir, "check flt.c");
	ck_assert_int_eq(o.code, 1);
	ASSERT_CONTAINS(o.out, "flt.c:17:9: error: DriverEntry returns at line 17 after FltStartFiltering failed "
			       "(line 15) without calling FltUnregisterFilter [FLT004]\n");
	ASSERT_CONTAINS(o.out, "flt.c:12:14: note: acquired here\n");
	ASSERT_CONTAINS(o.out, "    flt.c:16:10: 'NT_SUCCESS(status)' is taken as: the status fails\n");
	ASSERT_CONTAINS(o.out, "1 error, 0 warnings, 0 notes in 1 DriverEntry routine (1 file)\n");
	outcome_release(&o);

	o = run_in(dir, "check --format json flt.c");
	ck_assert_int_eq(o.code, 1);
	cJSON *doc = cJSON_Parse(o.out);
	ck_assert_ptr_nonnull(doc);
	cJSON *f = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "findings"), 0);
	ck_assert_str_eq(cJSON_GetObjectItem(f, "ruleId")->valuestring, "FLT004");
	ck_assert_int_eq(cJSON_GetObjectItem(f, "line")->valueint, 17);
	ck_assert_int_ge(cJSON_GetArraySize(cJSON_GetObjectItem(f, "path")), 4);
	cJSON_Delete(doc);
	outcome_release(&o);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

/* A call whose body no file of the run shows could have registered the
 * filter: "never called" stays silent, a note says why; --strict reports. */
START_TEST(invisible_helpers_silence_missing_call_rules_unless_strict)
{
	char *dir = scratch_dir();
	free(scratch_write(dir, "opaque.c",
			   "#include <fltKernel.h>\n"
			   "DRIVER_INITIALIZE DriverEntry;\n"
			   "NTSTATUS SetUpFiltering(PDRIVER_OBJECT DriverObject);\n"
			   "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n"
			   "{\n"
			   "    UNREFERENCED_PARAMETER(RegistryPath);\n"
			   "    if (!NT_SUCCESS(SetUpFiltering(DriverObject)))\n"
			   "        return STATUS_UNSUCCESSFUL;\n"
			   "    return STATUS_SUCCESS;\n"
			   "}\n",
			   0));
	struct outcome o = run_in(dir, "check -v --model minifilter opaque.c");
	ck_assert_int_eq(o.code, 0);
	ASSERT_CONTAINS(o.err, "FLT001 not checked on a path through SetUpFiltering (line 7), whose body is "
			       "not visible");
	ASSERT_CONTAINS(o.out, "0 errors, 0 warnings, 0 notes");
	outcome_release(&o);

	o = run_in(dir, "check --strict --model minifilter opaque.c");
	ck_assert_int_eq(o.code, 1);
	ASSERT_CONTAINS(o.out, "opaque.c:9:5: error: DriverEntry returns success at line 9 without calling "
			       "FltRegisterFilter");
	ASSERT_CONTAINS(o.out, "[FLT001]");
	ASSERT_CONTAINS(o.out, "[FLT002]");
	outcome_release(&o);
	path_remove_tree(dir);
	free(dir);
}
END_TEST


/* A structure given to a helper whose body is not visible may have been
 * initialized there: init-before-use stays silent with a note. */
START_TEST(invisible_helpers_may_initialize_what_they_are_given)
{
	char *dir = scratch_dir();
	free(scratch_write(dir, "kmdf.c",
			   "#include <ntddk.h>\n"
			   "#include <wdf.h>\n"
			   "DRIVER_INITIALIZE DriverEntry;\n"
			   "VOID FooBuildConfig(PWDF_DRIVER_CONFIG Config);\n"
			   "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n"
			   "{\n"
			   "    WDF_DRIVER_CONFIG config;\n"
			   "    FooBuildConfig(&config);\n"
			   "    return WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,\n"
			   "                           &config, WDF_NO_HANDLE);\n"
			   "}\n",
			   0));
	struct outcome o = run_in(dir, "check kmdf.c");
	ck_assert_int_eq(o.code, 0);
	ASSERT_CONTAINS(o.err, "WDF002 not checked on a path through FooBuildConfig (line 8)");
	outcome_release(&o);
	o = run_in(dir, "check --strict kmdf.c");
	ck_assert_int_eq(o.code, 1);
	ASSERT_CONTAINS(o.out, "kmdf.c:9:12: error: 'config' is passed to WdfDriverCreate at line 9 without being "
			       "initialized by WDF_DRIVER_CONFIG_INIT on this path [WDF002]");
	outcome_release(&o);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("cli");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, help_and_version_exit_zero);
	tcase_add_test(tc, usage_errors_exit_two_with_a_hint);
	tcase_add_test(tc, short_flags_combine_and_paths_stay_paths);
	tcase_add_test(tc, entries_json_lists_the_driver_and_exits_zero);
	tcase_add_test(tc, bad_inputs_exit_two_naming_the_file);
	tcase_add_test(tc, broken_database_message_has_line_and_column);
	tcase_add_test(tc, long_line_context_is_clipped_around_the_column);
	tcase_add_test(tc, output_file_is_written_whole_or_not_at_all);
	tcase_add_test(tc, real_wdk_layout_is_used_with_wdk);
	tcase_add_test(tc, wdk_71_and_10_layouts_get_architecture_and_forced_warning_h);
	tcase_add_test(tc, check_reports_findings_with_their_path_and_exits_one);
	tcase_add_test(tc, invisible_helpers_silence_missing_call_rules_unless_strict);
	tcase_add_test(tc, invisible_helpers_may_initialize_what_they_are_given);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
