/* SPDX-License-Identifier: Apache-2.0 */
/* Inputs: directory walking, compiler flag translation, compilation databases. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "project/inputs.h"
#include "front/etw.h"
#include "front/wpp.h"
#include "base/problems.h"
#include "testutil.h"
#include "base/alloc.h"
#include "base/strvec.h"
#include "base/path.h"
#include "base/str.h"

static int collect(const char *const *paths, const char *db, struct input_set *set,
		   struct problems *problems)
{
	struct strvec v = STRVEC_INIT;
	for (size_t i = 0; paths && paths[i]; i++)
		strvec_push(&v, paths[i]);
	int rc = inputs_collect(&v, db, set, problems);
	strvec_clear(&v);
	return rc;
}

START_TEST(walk_finds_sources_in_any_case_sorted_and_skips_hidden)
{
	char *dir = scratch_dir();
	free(scratch_write(dir, "b/PCIDRV.C", "", 1));
	free(scratch_write(dir, "a/filter.cpp", "", 1));
	free(scratch_write(dir, "a/x.CXX", "", 1));
	free(scratch_write(dir, "a/y.cc", "", 1));
	free(scratch_write(dir, "a/driver.h", "", 1));
	free(scratch_write(dir, "a/notes.txt", "", 1));
	free(scratch_write(dir, ".git/objects/z.c", "", 1));
	struct input_set set;
	struct problems problems = { 0 };
	const char *paths[] = { dir, NULL };
	ck_assert_int_eq(collect(paths, NULL, &set, &problems), 0);
	ck_assert_uint_eq(set.len, 4);
	ck_assert(str_ends_with_nocase(set.items[0].path, "/a/filter.cpp"));
	ck_assert(set.items[0].cplusplus);
	ck_assert(str_ends_with_nocase(set.items[1].path, "/a/x.CXX"));
	ck_assert(str_ends_with_nocase(set.items[2].path, "/a/y.cc"));
	ck_assert(str_ends_with_nocase(set.items[3].path, "/b/PCIDRV.C"));
	ck_assert(!set.items[3].cplusplus); /* .C is C in driver trees */
	inputs_release(&set);
	problems_clear(&problems);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(named_header_takes_the_language_of_the_sources_beside_it)
{
	char *dir = scratch_dir();
	char *cpp = scratch_write(dir, "k/Driver.cpp", "", 0), *cpp_h = scratch_write(dir, "k/Driver.h", "", 0);
	char *c = scratch_write(dir, "m/main.c", "", 0), *c_h = scratch_write(dir, "m/Driver.h", "", 0);
	char *mixed = scratch_write(dir, "n/a.c", "", 0), *mixed_cpp = scratch_write(dir, "n/b.cpp", "", 0);
	char *mixed_h = scratch_write(dir, "n/Driver.h", "", 0);
	const char *paths[] = { cpp, cpp_h, c, c_h, mixed, mixed_cpp, mixed_h, NULL };
	struct input_set set;
	struct problems problems = { 0 };
	ck_assert_int_eq(collect(paths, NULL, &set, &problems), 0);
	ck_assert_uint_eq(set.len, 7);
	for (size_t i = 0; i < set.len; i++) {
		const char *p = set.items[i].path;
		bool want = str_ends_with_nocase(p, ".cpp") || str_ends_with_nocase(p, "/k/Driver.h");
		ck_assert_msg(set.items[i].cplusplus == want, "%s", p);
	}
	inputs_release(&set);
	problems_clear(&problems);
	path_remove_tree(dir);
	free(cpp), free(cpp_h), free(c), free(c_h), free(mixed), free(mixed_cpp), free(mixed_h);
	free(dir);
}
END_TEST

START_TEST(missing_path_is_an_error_naming_it_and_others_still_run)
{
	char *dir = scratch_dir();
	char *file = scratch_write(dir, "d.c", "int x;\n", 0);
	const char *paths[] = { "/no/such/entrycheck-input.c", file, NULL };
	struct input_set set;
	struct problems problems = { 0 };
	ck_assert_int_eq(collect(paths, NULL, &set, &problems), -1);
	ck_assert_uint_eq(set.len, 1);
	ck_assert_uint_eq(problems.len, 1);
	ck_assert_int_eq(problems.items[0].level, PROBLEM_ERROR);
	ck_assert_str_eq(problems.items[0].file, "/no/such/entrycheck-input.c");
	ck_assert_ptr_nonnull(strstr(problems.items[0].message, "No such file"));
	inputs_release(&set);
	problems_clear(&problems);
	path_remove_tree(dir);
	free(file);
	free(dir);
}
END_TEST

START_TEST(flags_keep_preprocessor_options_in_gcc_and_cl_forms)
{
	const char *argv[] = { "cl.exe", "/nologo", "/Iinc", "/D", "DBG=1", "-DNDIS630_MINIPORT",
			       "/FIpre.h", "-isystem", "/abs/sys", "-c", "x.c", "-o", "x.obj",
			       "/std:c17", "-Wall", "-U", "UNICODE" };
	struct strvec out = STRVEC_INIT;
	inputs_translate_flags(argv, sizeof(argv) / sizeof(*argv), "/build", &out);
	const char *want[] = { "-I", "/build/inc", "-DDBG=1", "-DNDIS630_MINIPORT", "-include",
			       "/build/pre.h", "-isystem", "/abs/sys", "-std=c17", "-UUNICODE" };
	ck_assert_uint_eq(out.len, sizeof(want) / sizeof(*want));
	for (size_t i = 0; i < out.len; i++)
		ck_assert_str_eq(out.items[i], want[i]);
	strvec_clear(&out);
}
END_TEST

/* A Unix path is never a cl switch: /Data is not /D, and -MF's value is skipped. */
START_TEST(flags_of_gcc_drivers_never_read_unix_paths_as_cl_switches)
{
	const char *argv[] = { "/usr/bin/gcc", "-MD", "-MF", "/Data/deps/drv.d", "/Data/x.c",
			       "-I/Iinc", "-o", "/Dout.o", "/Ufoo", "/FIpre.h", "-DREAL=1",
			       "/std:c17" };
	struct strvec out = STRVEC_INIT;
	inputs_translate_flags(argv, sizeof(argv) / sizeof(*argv), "/build", &out);
	const char *want[] = { "-I", "/Iinc", "-DREAL=1" };
	ck_assert_uint_eq(out.len, sizeof(want) / sizeof(*want));
	for (size_t i = 0; i < out.len; i++)
		ck_assert_str_eq(out.items[i], want[i]);
	strvec_clear(&out);

	const char *cl[] = { "C:\\VS\\bin\\clang-cl.EXE", "/DKMDF=1", "-MF", "/Iinc" };
	inputs_translate_flags(cl, sizeof(cl) / sizeof(*cl), "/build", &out);
	ck_assert(strvec_contains(&out, "-DKMDF=1"));
	ck_assert(strvec_contains(&out, "/build/inc"));
	strvec_clear(&out);
}
END_TEST

static char *write_database(const char *dir, const char *body)
{
	return scratch_write(dir, "build/compile_commands.json", body, 0);
}

START_TEST(wpp_configuration_functions_and_their_macros)
{
	struct wpp_config c = { 0 };
	wpp_config_scan(&c, "#define X 1\n"
			    "// FUNC NotInABlock(LEVEL, MSG, ...);\n"
			    "//\n"
			    "// begin_wpp config\n"
			    "// FUNC Trace{FLAGS=MYDRIVER_ALL_INFO}(LEVEL, MSG, ...);\n"
			    "//   FUNC FuncEntry{LEVEL=TRACE_LEVEL_VERBOSE}(FLAGS);\n"
			    "// USEPREFIX (FuncEntry, \"%!STDPREFIX! [%!FUNC!] --> entry\");\n"
			    "// USESUFFIX(FuncEntry, \" <\");\n"
			    "// CUSTOM_TYPE(irql, ItemEnum(_irql));\n"
			    "// FUNC RETURN_IF_FAILED{COMPNAME=DRV,LEVEL=(TRACE_LEVEL_ERROR)}(NTEXPR);\n"
			    "// FUNC Broken{LEVEL}(FLAGS);\n"
			    "// FUNC AfterMsg(MSG, FLAGS);\n"
			    "// FUNC Trace(LEVEL);\n"
			    "// end_wpp\n"
			    "// FUNC AfterTheBlock(MSG);\n");
	ck_assert_uint_eq(c.len, 3);
	ck_assert_str_eq(c.funcs[0].name, "Trace");
	ck_assert_str_eq(c.funcs[0].keys.items[0], "FLAGS");
	ck_assert_str_eq(c.funcs[0].values.items[0], "MYDRIVER_ALL_INFO");
	ck_assert_uint_eq(c.funcs[0].args.len, 1);
	ck_assert(c.funcs[0].msg && c.funcs[0].varargs);
	ck_assert_str_eq(c.funcs[1].name, "FuncEntry");
	ck_assert(!c.funcs[1].msg && !c.funcs[1].varargs);
	ck_assert_str_eq(c.funcs[2].values.items[1], "(TRACE_LEVEL_ERROR)");
	ck_assert(strvec_contains(&c.prefixed, "FuncEntry") && strvec_contains(&c.custom_types, "irql"));
	ck_assert(wpp_config_add_func(&c, "DoTrace(LEVEL,FLAGS,MSG,...)"));
	ck_assert(!wpp_config_add_func(&c, "DoTrace(LEVEL)")); /* the first one counts */
	char *tmh = wpp_tmh_content(&c);
	ck_assert_ptr_nonnull(strstr(tmh, "#include <entrycheck/wpp.h>\n"));
	ck_assert_ptr_nonnull(strstr(tmh, "#ifndef Trace\n#if defined(WPP_FLAGS_LEVEL_PRE) && defined(WPP_FLAGS_LEVEL_POST)\n"));
	ck_assert_ptr_nonnull(strstr(tmh, "#define Trace(LEVEL, MSG, ...) entrycheck_wpp_trace(0, MSG, ##__VA_ARGS__)\n"));
	ck_assert_ptr_nonnull(strstr(tmh, "#define FuncEntry(FLAGS) entrycheck_wpp_trace(0)\n"));
	ck_assert_ptr_nonnull(strstr(tmh, "#define RETURN_IF_FAILED(NTEXPR) WPP_COMPNAME_LEVEL_NTEXPR_PRE(DRV, (TRACE_LEVEL_ERROR), "
					  "NTEXPR) entrycheck_wpp_trace(0); WPP_COMPNAME_LEVEL_NTEXPR_POST(DRV, (TRACE_LEVEL_ERROR), NTEXPR)\n"));
	free(tmh);
	/* PRE and POST the scanned text defines (a header after the .tmh
	 * include may): the trace function expands them without a test. */
	wpp_config_scan(&c, "#  define WPP_FLAGS_LEVEL_PRE(F, L) {\n"
			    "#define WPP_FLAGS_LEVEL_POST(F, L) return 0; }\n"
			    "#define WPP_COMPNAME_LEVEL_NTEXPR_PRE(C, L, E) {\n"
			    "#define WPP_X_PREFIX(A) A\n");
	ck_assert(strvec_contains(&c.pre, "FLAGS_LEVEL") && strvec_contains(&c.post, "FLAGS_LEVEL"));
	ck_assert(!strvec_contains(&c.pre, "X") && !strvec_contains(&c.post, "COMPNAME_LEVEL_NTEXPR"));
	tmh = wpp_tmh_content(&c);
	ck_assert_ptr_nonnull(strstr(tmh, "#ifndef Trace\n#define Trace(LEVEL, MSG, ...) WPP_FLAGS_LEVEL_PRE("));
	ck_assert_ptr_null(strstr(tmh, "defined(WPP_FLAGS_LEVEL_PRE)"));
	ck_assert_ptr_nonnull(strstr(tmh, "#if defined(WPP_COMPNAME_LEVEL_NTEXPR_PRE)")); /* no POST seen */
	free(tmh);
	wpp_config_release(&c);
	/* No configuration: the model of the WPP macros alone. */
	tmh = wpp_tmh_content(&c);
	ck_assert_str_eq(tmh, "#include <entrycheck/wpp.h>\n");
	free(tmh);
}
END_TEST

START_TEST(database_gives_each_file_its_flags_and_notes_files_it_lacks)
{
	char *dir = scratch_dir();
	char *a = scratch_write(dir, "src/a.c", "int a;\n", 0);
	char *b = scratch_write(dir, "src/b.c", "int b;\n", 0);
	char *body = alloc_printf("[{\"directory\": \"%s/src\", \"file\": \"a.c\", "
			       "\"command\": \"cl.exe /I..\\\\inc /DKMDF_VERSION_MAJOR=1 -c a.c\"}]",
			       dir);
	free(write_database(dir, body));
	char *src = path_join(dir, "src");
	char *db = path_join(dir, "build");
	const char *paths[] = { src, NULL };
	struct input_set set;
	struct problems problems = { 0 };
	ck_assert_int_eq(collect(paths, db, &set, &problems), 0);
	ck_assert_uint_eq(set.len, 2);
	ck_assert(set.items[0].in_database);
	ck_assert(strvec_contains(&set.items[0].args, "-DKMDF_VERSION_MAJOR=1"));
	ck_assert(!set.items[1].in_database);
	ck_assert_uint_eq(set.items[1].args.len, 0);
	/* b.c is not listed: libclang would lend it a's flags; we say so instead. */
	ck_assert_uint_eq(problems.len, 1);
	ck_assert_int_eq(problems.items[0].level, PROBLEM_NOTE);
	ck_assert_ptr_nonnull(strstr(problems.items[0].message, "not in the compilation database"));
	inputs_release(&set);
	problems_clear(&problems);
	path_remove_tree(dir);
	free(db);
	free(src);
	free(body);
	free(a);
	free(b);
	free(dir);
}
END_TEST

START_TEST(database_alone_lists_its_files)
{
	char *dir = scratch_dir();
	free(scratch_write(dir, "x.c", "int x;\n", 0));
	free(scratch_write(dir, "y.cpp", "int y;\n", 0));
	char *body = alloc_printf("[{\"directory\": \"%s\", \"file\": \"x.c\", \"arguments\": [\"cc\", \"-c\", \"x.c\"]},"
			       " {\"directory\": \"%s\", \"file\": \"%s/y.cpp\", \"command\": \"c++ -DY -c y.cpp\"}]",
			       dir, dir, dir);
	char *db = write_database(dir, body);
	struct input_set set;
	struct problems problems = { 0 };
	ck_assert_int_eq(collect(NULL, db, &set, &problems), 0);
	ck_assert_uint_eq(set.len, 2);
	ck_assert(set.items[1].cplusplus);
	ck_assert(strvec_contains(&set.items[1].args, "-DY"));
	ck_assert_uint_eq(problems.len, 0);
	inputs_release(&set);
	problems_clear(&problems);
	path_remove_tree(dir);
	free(db);
	free(body);
	free(dir);
}
END_TEST

START_TEST(broken_database_is_an_error_with_line_and_column)
{
	char *dir = scratch_dir();
	char *db = write_database(dir, "[\n  {\"directory\": \"/x\",\n   \"file\" \"a.c\"}\n]\n");
	struct input_set set;
	struct problems problems = { 0 };
	ck_assert_int_eq(collect(NULL, db, &set, &problems), -1);
	ck_assert_uint_eq(problems.len, 1);
	ck_assert_uint_eq(problems.items[0].line, 3);
	ck_assert_uint_gt(problems.items[0].column, 1);
	ck_assert_ptr_nonnull(strstr(problems.items[0].file, "compile_commands.json"));
	ck_assert_ptr_nonnull(strstr(problems.items[0].message, "invalid JSON"));
	inputs_release(&set);
	problems_clear(&problems);
	path_remove_tree(dir);
	free(db);
	free(dir);
}
END_TEST

START_TEST(database_of_the_wrong_shape_is_an_error)
{
	char *dir = scratch_dir();
	char *db = write_database(dir, "[{\"directory\": \"/x\", \"command\": \"cc a.c\"}]");
	struct input_set set;
	struct problems problems = { 0 };
	ck_assert_int_eq(collect(NULL, db, &set, &problems), -1);
	ck_assert_ptr_nonnull(strstr(problems.items[0].message, "entry 0 has no \"file\""));
	inputs_release(&set);
	problems_clear(&problems);

	char *missing = path_join(dir, "nowhere");
	ck_assert_int_eq(collect(NULL, missing, &set, &problems), -1);
	ck_assert_ptr_nonnull(strstr(problems.items[0].message, "cannot read compilation database"));
	inputs_release(&set);
	problems_clear(&problems);
	path_remove_tree(dir);
	free(missing);
	free(db);
	free(dir);
}
END_TEST

START_TEST(etw_manifest_gives_providers_handles_and_event_macros)
{
	struct etw_model m;
	char *problem;
	ck_assert(etw_model_read(ENTRYCHECK_SOURCE_ROOT "/corpus/wdm/etwlog/thermlog.man", &m, &problem));
	ck_assert_ptr_null(problem);
	ck_assert_uint_eq(m.events, 3);
	ck_assert_uint_eq(m.providers.len, 1);
	ck_assert_str_eq(m.providers.items[0], "THERMLOG_PROVIDER");
	static const char *const lines[] = {
		"#include <entrycheck/etw.h>\n",
		"const GUID THERMLOG_PROVIDER = { 0x3B1C7A52, 0x9E04, 0x4D8B, { 0xA5, 0xF1, 0x6C, 0x2E, 0x90, 0xD4, "
		"0x7B, 0x13 } };\n",
		"REGHANDLE THERMLOG_PROVIDERHandle = (REGHANDLE)0;\n",
		"#define EventRegisterTHERMLOG_PROVIDER() entrycheck_etw_register(&THERMLOG_PROVIDER, "
		"&THERMLOG_PROVIDERHandle)\n",
		"#define EventUnregisterTHERMLOG_PROVIDER() entrycheck_etw_unregister(THERMLOG_PROVIDERHandle)\n",
		"#define EventWriteDriverLoaded(Activity, Field1) entrycheck_etw_write(Activity, Field1)\n",
		"#define EventWriteSensorFailed(Activity, Field1, Field2) entrycheck_etw_write(Activity, Field1, "
		"Field2)\n",
		"#define EventWriteDriverUnloaded(Activity) entrycheck_etw_write(Activity)\n",
		"#define EventEnabledSensorFailed() entrycheck_etw_enabled()\n",
	};
	for (size_t i = 0; i < sizeof(lines) / sizeof(*lines); i++)
		ck_assert_msg(strstr(m.text, lines[i]) != NULL, "%s lacks %s", m.text, lines[i]);
	etw_model_release(&m);

	/* What cannot be a manifest says why, and leaves nothing behind. */
	char *dir = scratch_dir();
	static const char *const bad[][2] = {
		{ "broken.man", "<instrumentationManifest><instrumentation>\n<events>\n</instrumentation>" },
		{ "other.xml", "<Project/>" },
		{ "nosymbol.man", "<instrumentationManifest><instrumentation><events><provider name=\"P\" "
				  "guid=\"{00000000-0000-0000-0000-000000000000}\"/></events></instrumentation>"
				  "</instrumentationManifest>" },
	};
	static const char *const why[] = { "invalid XML at line 3", "not an instrumentation manifest",
					   "no event provider with a symbol" };
	for (size_t i = 0; i < 3; i++) {
		char *path = scratch_write(dir, bad[i][0], bad[i][1], 0);
		ck_assert(!etw_model_read(path, &m, &problem));
		ck_assert_msg(strstr(problem, why[i]) != NULL, "%s", problem);
		ck_assert_ptr_null(m.text);
		free(problem);
		free(path);
	}
	char *missing = alloc_printf("%s/missing.man", dir);
	ck_assert(!etw_model_read(missing, &m, &problem));
	ck_assert_msg(strstr(problem, "cannot read it") != NULL, "%s", problem);
	free(problem);
	free(missing);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("inputs");
	TCase *tc = tcase_create("walk");
	tcase_add_test(tc, walk_finds_sources_in_any_case_sorted_and_skips_hidden);
	tcase_add_test(tc, missing_path_is_an_error_naming_it_and_others_still_run);
	tcase_add_test(tc, named_header_takes_the_language_of_the_sources_beside_it);
	suite_add_tcase(s, tc);
	tc = tcase_create("flags");
	tcase_add_test(tc, flags_keep_preprocessor_options_in_gcc_and_cl_forms);
	tcase_add_test(tc, flags_of_gcc_drivers_never_read_unix_paths_as_cl_switches);
	suite_add_tcase(s, tc);
	tc = tcase_create("database");
	tcase_add_test(tc, database_gives_each_file_its_flags_and_notes_files_it_lacks);
	tcase_add_test(tc, database_alone_lists_its_files);
	tcase_add_test(tc, broken_database_is_an_error_with_line_and_column);
	tcase_add_test(tc, database_of_the_wrong_shape_is_an_error);
	tcase_add_test(tc, wpp_configuration_functions_and_their_macros);
	tcase_add_test(tc, etw_manifest_gives_providers_handles_and_event_macros);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
