/* SPDX-License-Identifier: Apache-2.0 */
/* How the rules judge code read through guesses and macros: a finding past
 * a call no header declares says it rests on a guess; paths through a
 * missing header's macro and routines ending in one are not judged; its
 * status codes are failures unless named success; declaration rules judge
 * what is written where it is written, not what a missing header declares. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "base/path.h"

START_TEST(a_finding_past_a_call_no_header_declares_says_it_rests_on_a_guess)
{
	/* LogAndReturn may well be a macro that returns too, but is named like
	 * a routine: the finding is made and says it rests on a guess (one named
	 * like a macro stops the rule instead; the next test). */
	char *dir = scratch_dir();
	free(scratch_write(dir, "driver.c",
			   "#include <ntddk.h>\n#include <wdf.h>\n#include \"log_missing.h\"\n"
			   "NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
			   "{\n    WDF_DRIVER_CONFIG config;\n    NTSTATUS s;\n"
			   "    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);\n"
			   "    s = WdfDriverCreate(d, r, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);\n"
			   "    if (!NT_SUCCESS(s)) LogAndReturn(s);\n"
			   "    return STATUS_SUCCESS;\n}\n", 0));
	char *out, *err;
	run_program(dir, "check --fail-on none .", &out, &err);
	ck_assert_msg(strstr(out, "[WDF004]") != NULL, "%s", out);
	ck_assert_msg(strstr(out, "this rests on declarations entrycheck assumed: LogAndReturn (a routine no header "
				  "declares)") != NULL, "%s", out);
	free(out);
	free(err);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(a_routine_ending_in_a_macro_of_a_missing_header_is_not_judged_to_fall_off)
{
	/* FSP_LEAVE-style macros end the routine with their own return. */
	char *dir = scratch_dir();
	free(scratch_write(dir, "driver.c",
			   "#include <ntddk.h>\n#include \"leave_missing.h\"\n"
			   "NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
			   "{\n    NTSTATUS Result = STATUS_SUCCESS;\n    UNREFERENCED_PARAMETER(r);\n"
			   "    d->DriverUnload = NULL;\n    LEAVE_ENTRY(\"%p\", d);\n}\n", 0));
	char *out, *err;
	int rc = run_program(dir, "check -v --fail-on note .", &out, &err);
	ck_assert_msg(!strstr(out, "[DE009]"), "%s", out);
	ck_assert_msg(strstr(err, "DE009 not checked for DriverEntry: it ends in a call of 'LEAVE_ENTRY', which no "
				  "header declares") != NULL, "%s", err);
	ck_assert_int_eq(rc, 0);
	free(out);
	free(err);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(paths_through_a_macro_of_a_missing_header_are_not_judged)
{
	/* DBG_AND_RETURN(s) of a missing header is a macro that returns s; read
	 * as a call that returns, the path after a failed WdfDriverCreate goes
	 * on to a success return (WDF004). Callbacks whose address is taken
	 * before their definitions, their prototypes in that header, are those
	 * routines, not variables clang then sees redefined. */
	char *dir = scratch_dir();
	free(scratch_write(dir, "driver.c",
			   "#include <ntddk.h>\n#include <wdf.h>\n#include \"logging_missing.h\"\n"
			   "NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
			   "{\n"
			   "    WDF_DRIVER_CONFIG config;\n"
			   "    NTSTATUS status;\n"
			   "    WDF_DRIVER_CONFIG_INIT(&config, SampleEvtDeviceAdd);\n"
			   "    config.EvtDriverUnload = SampleEvtUnload;\n"
			   "    status = WdfDriverCreate(d, r, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);\n"
			   "    if (!NT_SUCCESS(status)) DBG_AND_RETURN(\"WdfDriverCreate\", status);\n"
			   "    return STATUS_SUCCESS;\n"
			   "}\n"
			   "NTSTATUS SampleEvtDeviceAdd(WDFDRIVER driver, PWDFDEVICE_INIT init)\n"
			   "{ UNREFERENCED_PARAMETER(driver); UNREFERENCED_PARAMETER(init); return STATUS_SUCCESS; }\n"
			   "VOID SampleEvtUnload(WDFDRIVER driver) { UNREFERENCED_PARAMETER(driver); }\n", 0));
	char *out, *err;
	int rc = run_program(dir, "check -v --fail-on note driver.c", &out, &err);
	ck_assert_msg(!strstr(out, "[WDF004]"), "%s", out);
	ck_assert_msg(strstr(err, "WDF004 not checked for DriverEntry on the paths through 'DBG_AND_RETURN'") != NULL,
		      "%s", err);
	ck_assert_msg(strstr(err, "SampleEvtUnload (a routine declared ahead of its definition)") != NULL, "%s", err);
	ck_assert_msg(!strstr(err, "clang reported"), "%s", err);
	ck_assert_int_eq(rc, 0);
	free(out);
	free(err);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(status_codes_of_a_missing_header_are_failures_unless_named_success)
{
	/* MY_STATUS_DRIVER_FAILED read as 0 would be a success, and WDF004 would
	 * say DriverEntry returns success after WdfDriverCreate failed. */
	char *dir = scratch_dir();
	free(scratch_write(dir, "driver.c",
			   "#include <ntddk.h>\n#include <wdf.h>\n#include \"mystatus_missing.h\"\n"
			   "DRIVER_INITIALIZE DriverEntry;\n"
			   "NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
			   "{\n    WDF_DRIVER_CONFIG config;\n    NTSTATUS status;\n"
			   "    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);\n"
			   "    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;\n"
			   "    config.EvtDriverUnload = NULL;\n"
			   "    status = WdfDriverCreate(d, r, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);\n"
			   "    if (!NT_SUCCESS(status))\n        return MY_STATUS_DRIVER_FAILED;\n"
			   "    return MY_STATUS_SUCCESS;\n}\n", 0));
	char *out, *err;
	run_program(dir, "check -v --fail-on none driver.c", &out, &err);
	ck_assert_msg(!strstr(out, "[WDF004]"), "%s", out);
	ck_assert_msg(strstr(err, "'MY_STATUS_DRIVER_FAILED' is declared by no header; assumed to be a failure status "
				  "constant") != NULL, "%s", err);
	ck_assert_msg(strstr(err, "'MY_STATUS_SUCCESS' is declared by no header; assumed to be a constant") != NULL,
		      "%s", err);
	free(out);
	free(err);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(declarations_written_with_macros_are_read_where_written)
{
	/* A specifier macro of the driver's header at the start of a declaration
	 * (libclang 19 spells its location inside the header) must not hide the
	 * role type written after it (WDM008); a declaration a macro writes keeps
	 * its role type in its type (WDM006) and its annotations in the macro,
	 * which WDM007 says it could not read. */
	char *dir = scratch_dir();
	free(scratch_write(dir, "defs.h", "#pragma once\n#define MY_LINKAGE extern \"C\"\n#define MY_LOCAL static\n", 0));
	free(scratch_write(dir, "driver.cpp",
			   "#include <ntddk.h>\n#include \"defs.h\"\n"
			   "MY_LINKAGE DRIVER_INITIALIZE DriverEntry;\n"
			   "MY_LOCAL DRIVER_UNLOAD Unload;\n"
			   "#define DISPATCH_DECL(n) _Dispatch_type_(IRP_MJ_CREATE) DRIVER_DISPATCH n;\n"
			   "DISPATCH_DECL(Create)\n"
			   "static VOID Unload(PDRIVER_OBJECT d) { UNREFERENCED_PARAMETER(d); }\n"
			   "NTSTATUS Create(PDEVICE_OBJECT d, PIRP i)\n"
			   "{ UNREFERENCED_PARAMETER(d); i->IoStatus.Status = STATUS_SUCCESS;\n"
			   "  IoCompleteRequest(i, IO_NO_INCREMENT); return STATUS_SUCCESS; }\n"
			   "MY_LINKAGE NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
			   "{ UNREFERENCED_PARAMETER(r); d->MajorFunction[IRP_MJ_CREATE] = Create;\n"
			   "  d->DriverUnload = Unload; return STATUS_SUCCESS; }\n", 0));
	char *out, *err;
	int rc = run_program(dir, "check --fail-on note .", &out, &err);
	ck_assert_msg(!strstr(out, "[DE002]") && !strstr(out, "[WDM006]") && !strstr(out, "[WDM007]") &&
			      !strstr(out, "[WDM008]"),
		      "%s", out);
	ck_assert_msg(strstr(err, "WDM007 not checked for Create: it is declared by the macro 'DISPATCH_DECL'") != NULL,
		      "%s", err);
	ck_assert_int_eq(rc, 0);
	free(out);
	free(err);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(declaration_rules_do_not_judge_what_a_missing_header_declares)
{
	/* DE002, DE003 and WDM005/WDM006 judge declarations; with the header that
	 * holds them missing, they say they could not check, at note level. */
	char *dir = scratch_dir();
	free(scratch_write(dir, "driver.cpp",
			   "#include <ntddk.h>\n#include \"driver_decls.h\"\n"
			   "NTSTATUS Create(PDEVICE_OBJECT d, PIRP i)\n"
			   "{ UNREFERENCED_PARAMETER(d); i->IoStatus.Status = STATUS_SUCCESS;\n"
			   "  IoCompleteRequest(i, IO_NO_INCREMENT); return STATUS_SUCCESS; }\n"
			   "VOID Unload(PDRIVER_OBJECT d) { UNREFERENCED_PARAMETER(d); }\n"
			   "DRIVER_ENTRY_LINKAGE NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
			   "{ UNREFERENCED_PARAMETER(r); d->MajorFunction[IRP_MJ_CREATE] = Create;\n"
			   "  d->DriverUnload = Unload; return STATUS_SUCCESS; }\n", 0));
	char *out, *err;
	int rc = run_program(dir, "check -v --fail-on warning .", &out, &err);
	ck_assert_msg(!strstr(out, "[DE002]") && !strstr(out, "[DE003]") && !strstr(out, "[WDM005]") && !strstr(out, "[WDM006]"), "%s", out);
	ck_assert_msg(strstr(err, "DE003 not checked for DriverEntry: 'driver_decls.h' was not found") != NULL,
		      "%s", err);
	ck_assert_msg(strstr(err, "WDM006 not checked for Create") != NULL, "%s", err);
	ck_assert_int_eq(rc, 0);
	free(out);
	free(err);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(declaration_rules_judge_past_routines_and_constants_the_model_lacks)
{
	/* Every header was found; the kit's routine and constant the model
	 * lacks cannot stand in DriverEntry's declaration, so DE002 judges it.
	 * A type no header declares could (a role type of a newer kit), so
	 * there DE002 says it could not. */
	char *dir = scratch_dir();
	free(scratch_write(dir, "routine/driver.c",
			   "#include <ntddk.h>\n"
			   "NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
			   "{ UNREFERENCED_PARAMETER(r); UNREFERENCED_PARAMETER(d);\n"
			   "  return PsSetNewerNotifyRoutine(PsNewerNotifyKind, NULL, FALSE); }\n", 0));
	free(scratch_write(dir, "type/driver.c",
			   "#include <ntddk.h>\n"
			   "NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
			   "{ NEWER_KIT_INFO info; UNREFERENCED_PARAMETER(r); UNREFERENCED_PARAMETER(d);\n"
			   "  RtlZeroMemory(&info, sizeof(info)); return STATUS_SUCCESS; }\n", 0));
	char *out, *err;
	run_program(dir, "check -v --fail-on none --select DE002 .", &out, &err);
	ck_assert_msg(strstr(out, "routine/driver.c:2:10: note: DriverEntry is not declared with its role type") != NULL,
		      "%s", out);
	ck_assert_msg(!strstr(out, "type/driver.c"), "%s", out);
	ck_assert_msg(strstr(err, "DE002 not checked for DriverEntry: 'NEWER_KIT_INFO' is declared by no header") != NULL,
		      "%s", err);
	free(out);
	free(err);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rules_past_guesses");
	TCase *tc = tcase_create("rules past guesses");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, a_finding_past_a_call_no_header_declares_says_it_rests_on_a_guess);
	tcase_add_test(tc, a_routine_ending_in_a_macro_of_a_missing_header_is_not_judged_to_fall_off);
	tcase_add_test(tc, paths_through_a_macro_of_a_missing_header_are_not_judged);
	tcase_add_test(tc, status_codes_of_a_missing_header_are_failures_unless_named_success);
	tcase_add_test(tc, declarations_written_with_macros_are_read_where_written);
	tcase_add_test(tc, declaration_rules_do_not_judge_what_a_missing_header_declares);
	tcase_add_test(tc, declaration_rules_judge_past_routines_and_constants_the_model_lacks);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
