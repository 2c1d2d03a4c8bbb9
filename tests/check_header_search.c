/* SPDX-License-Identifier: Apache-2.0 */
/* Headers the front end finds or leaves missing: a missing .tmh is a note
 * and WPP calls stay calls, a header named in another case or elsewhere in
 * the tree is found (the nearest one, never a guess between equals), and a
 * Windows header stays a system header with its role types. */
#include <stdlib.h>
#include <string.h>

#include "facts/classify.h"
#include "facts/entry.h"
#include "testutil.h"
#include "base/strvec.h"
#include "base/path.h"

START_TEST(missing_tmh_is_a_note_and_wpp_calls_stay_calls)
{
	struct fixture f;
	const char *files[] = {
		"wpp.c",
		"#include <ntddk.h>\n"
		"#include \"wpp.tmh\"\n"
		"NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n"
		"{ WPP_INIT_TRACING(DriverObject, RegistryPath);\n"
		"  TraceEvents(TRACE_LEVEL_INFORMATION, 1, \"loaded %d\", 1);\n"
		"  WPP_CLEANUP(DriverObject);\n"
		"  return STATUS_SUCCESS; }\n",
		NULL
	};
	analyze_files(&f, files);
	ck_assert_int_eq(f.rc, 0);
	expect_entry(&f, "wpp.c", 3, "other");
	ck_assert(has_problem(&f.result, PROBLEM_NOTE, "'wpp.tmh' not found"));
	ck_assert_uint_eq(problems_count(&f.result.problems, PROBLEM_ERROR), 0);
	const struct entry_point *e = entry_in(&f.result, "wpp.c");
	const struct function_facts *fn = &f.result.units[e->unit].functions[e->index];
	ck_assert(strvec_contains(&fn->callees, "WPP_INIT_TRACING"));
	ck_assert(strvec_contains(&fn->callees, "TraceEvents"));
	ck_assert(strvec_contains(&fn->callees, "WPP_CLEANUP"));
	fixture_release(&f);
}
END_TEST

START_TEST(missing_header_differing_in_case_is_found)
{
	struct fixture f;
	const char *files[] = {
		"drv/Driver.h", "#include <ntddk.h>\nDRIVER_UNLOAD Unload;\n",
		"drv/driver.c",
		"#include \"DRIVER.H\"\n"
		"VOID Unload(PDRIVER_OBJECT d) { UNREFERENCED_PARAMETER(d); }\n"
		"NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
		"{ UNREFERENCED_PARAMETER(r); d->DriverUnload = Unload; return STATUS_SUCCESS; }\n",
		NULL
	};
	analyze_files(&f, files);
	expect_entry(&f, "driver.c", 3, "wdm");
	ck_assert(has_problem(&f.result, PROBLEM_NOTE, "differs only in case"));
	fixture_release(&f);
}
END_TEST

START_TEST(relative_windows_include_in_another_case_is_read)
{
	/* clang reads "..\\inc\\DRV.H" as "../inc/DRV.H": the stand-in for the
	 * case must lie where that path leads from the stub directory. */
	struct fixture f;
	const char *files[] = {
		"drv/inc/drv.h", "#include <ntddk.h>\n#define DRV_TAG 'vrD'\nDRIVER_UNLOAD Unload;\n",
		"drv/src/driver.c",
		"#include \"..\\inc\\DRV.H\"\n"
		"VOID Unload(PDRIVER_OBJECT d) { UNREFERENCED_PARAMETER(d); }\n"
		"NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
		"{ PVOID p = ExAllocatePoolWithTag(NonPagedPool, 8, DRV_TAG);\n"
		"  UNREFERENCED_PARAMETER(r); if (p) ExFreePoolWithTag(p, DRV_TAG);\n"
		"  d->DriverUnload = Unload; return STATUS_SUCCESS; }\n",
		NULL
	};
	analyze_files(&f, files);
	expect_entry(&f, "driver.c", 3, "wdm");
	const struct entry_point *e = entry_in(&f.result, "driver.c");
	ck_assert_str_eq(entry_analyzability(e), "analyzable");
	ck_assert_uint_eq(e->assumed.len, 0);
	ck_assert(has_problem(&f.result, PROBLEM_NOTE, "drv/inc/drv.h', whose name differs only in case"));
	fixture_release(&f);
}
END_TEST

START_TEST(includes_clang_resolves_or_skips_get_no_note)
{
	/* "..\\inc\\drv.h" is found as "../inc/drv.h", and a header of a branch
	 * that is not compiled is never read: neither is "not found". */
	struct fixture f;
	const char *files[] = {
		"drv/inc/drv.h", "#include <ntddk.h>\nDRIVER_UNLOAD Unload;\n",
		"drv/src/driver.c",
		"#include \"..\\inc\\drv.h\"\n"
		"#ifdef _ARM64_\n#include \"arm_only.h\"\n#endif\n"
		"VOID Unload(PDRIVER_OBJECT d) { UNREFERENCED_PARAMETER(d); }\n"
		"NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
		"{ UNREFERENCED_PARAMETER(r); d->DriverUnload = Unload; return STATUS_SUCCESS; }\n",
		NULL
	};
	analyze_files(&f, files);
	expect_entry(&f, "driver.c", 6, "wdm");
	ck_assert_str_eq(entry_analyzability(entry_in(&f.result, "driver.c")), "analyzable");
	ck_assert(!has_problem(&f.result, PROBLEM_NOTE, "not found"));
	fixture_release(&f);
}
END_TEST

START_TEST(header_elsewhere_in_the_tree_is_the_nearest_one)
{
	/* The build's -I would name a/inc; the far copy would not even parse. */
	struct fixture f;
	const char *files[] = {
		"a/inc/drv.h", "#include <ntddk.h>\n#define DRV_TAG 'vrD'\nDRIVER_UNLOAD Unload;\n",
		"z/inc/drv.h", "this is not C\n",
		"a/src/driver.c",
		"#include \"drv.h\"\n"
		"VOID Unload(PDRIVER_OBJECT d) { UNREFERENCED_PARAMETER(d); }\n"
		"NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
		"{ PVOID p = ExAllocatePoolWithTag(NonPagedPool, 8, DRV_TAG);\n"
		"  UNREFERENCED_PARAMETER(r); if (p) ExFreePoolWithTag(p, DRV_TAG);\n"
		"  d->DriverUnload = Unload; return STATUS_SUCCESS; }\n",
		NULL
	};
	analyze_files(&f, files);
	expect_entry(&f, "driver.c", 3, "wdm");
	ck_assert(has_problem(&f.result, PROBLEM_NOTE, "a/inc/drv.h', the nearest file of that name"));
	fixture_release(&f);
}
END_TEST

START_TEST(equally_near_headers_are_not_guessed)
{
	struct fixture f;
	const char *files[] = {
		"x/drv.h", "#define DRV_TAG 1\n",
		"y/drv.h", "#define DRV_TAG 2\n",
		"src/driver.c",
		"#include <ntddk.h>\n#include \"drv.h\"\n"
		"NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
		"{ UNREFERENCED_PARAMETER(d); UNREFERENCED_PARAMETER(r); return STATUS_SUCCESS; }\n",
		NULL
	};
	analyze_files(&f, files);
	expect_entry(&f, "driver.c", 3, "other");
	ck_assert(has_problem(&f.result, PROBLEM_NOTE, "equally near; treated as empty"));
	fixture_release(&f);
}
END_TEST

START_TEST(windows_header_in_another_case_stays_a_system_header)
{
	struct fixture f;
	const char *files[] = {
		"umdf/driver.c",
		"#include <Windows.h>\n#include <wdf.h>\n"
		"NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
		"{ WDF_DRIVER_CONFIG c; WDF_DRIVER_CONFIG_INIT(&c, NULL);\n"
		"  return WdfDriverCreate(d, r, WDF_NO_OBJECT_ATTRIBUTES, &c, WDF_NO_HANDLE); }\n",
		NULL
	};
	analyze_files(&f, files);
	expect_entry(&f, "driver.c", 3, "umdf");
	ck_assert(has_problem(&f.result, PROBLEM_NOTE, "using <windows.h>, whose name differs only in case"));
	ck_assert(!has_problem(&f.result, PROBLEM_NOTE, "treated as empty"));
	fixture_release(&f);
}
END_TEST

START_TEST(header_found_by_case_keeps_its_role_types)
{
	/* Declarations in a header reached through a stub are the driver's own:
	 * DE002 (role type) and WDM006 (dispatch role type) must see them. */
	char *dir = scratch_dir();
	free(scratch_write(dir, "drv.H",
			   "#include <ntddk.h>\nDRIVER_INITIALIZE DriverEntry;\nDRIVER_UNLOAD Unload;\n"
			   "_Dispatch_type_(IRP_MJ_CREATE) DRIVER_DISPATCH Create;\n", 0));
	free(scratch_write(dir, "driver.c",
			   "#include \"drv.h\"\n"
			   "NTSTATUS Create(PDEVICE_OBJECT d, PIRP i)\n"
			   "{ UNREFERENCED_PARAMETER(d); i->IoStatus.Status = STATUS_SUCCESS;\n"
			   "  IoCompleteRequest(i, IO_NO_INCREMENT); return STATUS_SUCCESS; }\n"
			   "VOID Unload(PDRIVER_OBJECT d) { UNREFERENCED_PARAMETER(d); }\n"
			   "NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
			   "{ UNREFERENCED_PARAMETER(r); d->MajorFunction[IRP_MJ_CREATE] = Create;\n"
			   "  d->DriverUnload = Unload; return STATUS_SUCCESS; }\n", 0));
	char *out, *err;
	int rc = run_program(dir, "check --fail-on note .", &out, &err);
	ck_assert_msg(!strstr(out, "[DE002]") && !strstr(out, "[WDM005]") && !strstr(out, "[WDM006]"), "%s", out);
	ck_assert_msg(strstr(err, "differs only in case") != NULL, "%s", err);
	ck_assert_int_eq(rc, 0);
	free(out);
	free(err);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("header_search");
	TCase *tc = tcase_create("header search");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, missing_tmh_is_a_note_and_wpp_calls_stay_calls);
	tcase_add_test(tc, missing_header_differing_in_case_is_found);
	tcase_add_test(tc, relative_windows_include_in_another_case_is_read);
	tcase_add_test(tc, includes_clang_resolves_or_skips_get_no_note);
	tcase_add_test(tc, header_elsewhere_in_the_tree_is_the_nearest_one);
	tcase_add_test(tc, equally_near_headers_are_not_guessed);
	tcase_add_test(tc, windows_header_in_another_case_stays_a_system_header);
	tcase_add_test(tc, header_found_by_case_keeps_its_role_types);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
