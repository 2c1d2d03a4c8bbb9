/* SPDX-License-Identifier: Apache-2.0 */
/* C++ code whose header is missing: undeclared calls, uses that shape what
 * is assumed, pointer types, classes with their routines and objects, and
 * what is not assumed (a type of the driver's own header for a class
 * method, comparisons of known types). */
#include <stdlib.h>
#include <string.h>

#include "facts/classify.h"
#include "front/synth.h"
#include "testutil.h"
#include "base/strvec.h"
#include "base/path.h"

START_TEST(a_type_of_the_drivers_header_is_not_assumed_for_a_class_method)
{
	/* The class of the missing header is declared before the file's own
	 * headers, so its method's CTX is unknown there; CTX is the driver
	 * header's, and an assumed one would clash with it. clang's error then
	 * lies in our declarations, which the warning names as such, not by the
	 * temporary path of a file gone when the run ends. */
	char *dir = scratch_dir();
	free(scratch_write(dir, "drv.h", "#include <ntddk.h>\ntypedef struct _CTX { ULONG Count; } CTX;\n", 0));
	free(scratch_write(dir, "queue.cpp",
			   "#include \"drv.h\"\n#include \"queue.h\"\n"
			   "void CQueue::Run(CTX *c)\n{\n    c->Count++;\n}\n", 0));
	char *out, *err;
	run_program(dir, "check --parse-all --no-cache -v queue.cpp", &out, &err);
	ck_assert_msg(!strstr(err, "'CTX' is declared by no header"), "%s", err);
	ck_assert_msg(!strstr(err, "typedef redefinition"), "%s", err);
	ck_assert_msg(strstr(err, "'CQueue' is declared by no header; assumed to be a class"), "%s", err);
	ck_assert_msg(strstr(err, "the first: <entrycheck's assumed declarations>:"), "%s", err);
	ck_assert_msg(!strstr(err, SYNTH_HEADER), "%s", err);
	free(out);
	free(err);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(cplusplus_calls_to_undeclared_functions_are_assumed)
{
	struct fixture f;
	const char *files[] = {
		"drv/driver.cpp",
		"#include <ntddk.h>\n"
		"extern \"C\" NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
		"{\n"
		"    NTSTATUS status = InitializeGlobals(d, r);\n"
		"    if (!NT_SUCCESS(status))\n"
		"        return status;\n"
		"    return STATUS_SUCCESS;\n"
		"}\n",
		NULL
	};
	analyze_files(&f, files);
	const struct entry_point *e = entry_in(&f.result, "driver.cpp");
	ck_assert(e != NULL);
	ck_assert_str_eq(entry_analyzability(e), "degraded");
	ck_assert(strvec_contains(&e->assumed, "InitializeGlobals (a function)"));
	fixture_release(&f);
}
END_TEST

START_TEST(cplusplus_uses_of_names_of_a_missing_header_shape_what_is_assumed)
{
	/* A scoped enumeration and a class of static routines, a placement new
	 * of the project's, a member whose address a routine of the model takes,
	 * and a string macro after a literal. */
	struct fixture f;
	const char *files[] = {
		"drv/driver.cpp",
		"#include <ntddk.h>\n"
		"#include \"ktl_missing.h\"\n"
		"extern \"C\" NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
		"{\n"
		"    g_State = new (PoolType::NonPaged, DRIVER_TAG) FilterState;\n"
		"    if (!g_State)\n"
		"        return STATUS_NO_MEMORY;\n"
		"    Log(LogLevel::Information, \"called %wZ\\n\", r);\n"
		"    InitializeListHead(&g_Globals.ItemsHead);\n"
		"    DriverParams::CreateFrom(r);\n"
		"    UNICODE_STRING name = RTL_CONSTANT_STRING(L\"\\\\Device\\\\\" DEVICE_NAME_W);\n"
		"    return IoCreateDevice(d, 0, &name, FILE_DEVICE_UNKNOWN, 0, FALSE, &g_Device);\n"
		"}\n",
		NULL
	};
	analyze_files(&f, files);
	const struct entry_point *e = entry_in(&f.result, "driver.cpp");
	ck_assert_ptr_nonnull(e);
	ck_assert_msg(e->analyzable, "%s", e->first_error ? e->first_error : "?");
	ck_assert(strvec_contains(&e->assumed, "PoolType (a class)"));
	ck_assert(strvec_contains(&e->assumed, "NonPaged (a static member of PoolType)"));
	ck_assert(strvec_contains(&e->assumed, "CreateFrom (a static routine of DriverParams)"));
	ck_assert(strvec_contains(&e->assumed, "operator new (a placement allocation function)"));
	ck_assert(strvec_contains(&e->assumed, "ItemsHead (a member of g_Globals)"));
	ck_assert(strvec_contains(&e->assumed, "DEVICE_NAME_W (a string macro)"));
	ck_assert(!has_problem(&f.result, PROBLEM_WARNING, "clang reported"));
	fixture_release(&f);
}
END_TEST

START_TEST(cplusplus_pointer_type_of_a_missing_header_points_to_the_named_structure)
{
	/* PMY_REQUEST and MY_REQUEST of a missing header: C++ converts no pointer
	 * implicitly, so CONTAINING_RECORD(e, MY_REQUEST, Link) assigned to a
	 * PMY_REQUEST needs both to name one structure, and a member reached
	 * into (first->Lower->DriverObject) and passed to IoCallDriver is the
	 * PDEVICE_OBJECT it takes. */
	struct fixture f;
	const char *files[] = {
		"drv/driver.cpp",
		"#include <ntddk.h>\n"
		"#include \"requests_missing.h\"\n"
		"static LIST_ENTRY Pending;\n"
		"extern \"C\" NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
		"{\n"
		"    UNREFERENCED_PARAMETER(d);\n"
		"    UNREFERENCED_PARAMETER(r);\n"
		"    InitializeListHead(&Pending);\n"
		"    PMY_REQUEST req = (PMY_REQUEST)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(MY_REQUEST), 'qeRM');\n"
		"    if (req == NULL)\n"
		"        return STATUS_INSUFFICIENT_RESOURCES;\n"
		"    InsertTailList(&Pending, &req->Link);\n"
		"    PMY_REQUEST first = CONTAINING_RECORD(Pending.Flink, MY_REQUEST, Link);\n"
		"    first->Size = FIELD_OFFSET(MY_REQUEST, Link);\n"
		"    DbgPrint(\"%wZ\\n\", &first->Lower->DriverObject->DriverName);\n"
		"    return IoCallDriver(first->Lower, NULL);\n"
		"}\n",
		NULL
	};
	analyze_files(&f, files);
	const struct entry_point *e = entry_in(&f.result, "driver.cpp");
	ck_assert_ptr_nonnull(e);
	ck_assert_msg(e->analyzable, "%s", e->first_error ? e->first_error : "?");
	ck_assert(strvec_contains(&e->assumed, "MY_REQUEST (an opaque structure type)"));
	ck_assert(strvec_contains(&e->assumed, "Size (a member of MY_REQUEST)"));
	ck_assert(strvec_contains(&e->assumed,
				  "Lower (a member of MY_REQUEST, a PDEVICE_OBJECT as a routine of the kit takes it)"));
	ck_assert(!has_problem(&f.result, PROBLEM_WARNING, "clang reported"));
	fixture_release(&f);
}
END_TEST

START_TEST(cplusplus_stand_in_leaves_comparisons_of_known_types_alone)
{
	/* With a value of unknown type declared (g_State.Count), comparing a
	 * char with an enumerator (RequestorMode == KernelMode) must stay the
	 * built-in comparison, not an ambiguous call of the stand-in's. */
	struct fixture f;
	const char *files[] = {
		"drv/driver.cpp",
		"#include <ntddk.h>\n"
		"#include \"state_missing.h\"\n"
		"extern \"C\" NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
		"{\n"
		"    UNREFERENCED_PARAMETER(d);\n"
		"    UNREFERENCED_PARAMETER(r);\n"
		"    g_State.Count = 0;\n"
		"    if (g_State.Count == 1 || 2 != g_State.Count)\n"
		"        return STATUS_UNSUCCESSFUL;\n"
		"    KPROCESSOR_MODE mode = ExGetPreviousMode();\n"
		"    if (mode == KernelMode)\n"
		"        return STATUS_SUCCESS;\n"
		"    return STATUS_ACCESS_DENIED;\n"
		"}\n",
		NULL
	};
	analyze_files(&f, files);
	const struct entry_point *e = entry_in(&f.result, "driver.cpp");
	ck_assert_ptr_nonnull(e);
	ck_assert_msg(e->analyzable, "%s", e->first_error ? e->first_error : "?");
	ck_assert(strvec_contains(&e->assumed, "Count (a member of g_State)"));
	ck_assert(!has_problem(&f.result, PROBLEM_WARNING, "clang reported"));
	fixture_release(&f);
}
END_TEST

START_TEST(cplusplus_classes_of_a_missing_header_take_their_routines_and_objects)
{
	/* A class of a missing header: a global of it, one of its routines
	 * defined out of line (reaching into a member of unknown type), a cast
	 * to a pointer to another, and a lock object that a guard takes by
	 * constructor (`Locker locker(Lock);`, which C++ reads as a function
	 * declaration) and that DriverEntry initializes. */
	struct fixture f;
	const char *files[] = {
		"drv/tables.cpp",
		"#include <ntddk.h>\n"
		"#include \"tables_missing.h\"\n"
		"Globals g_Globals;\n"
		"void Globals::Init(int count) const {\n"
		"    Lock.Init();\n"
		"    UNREFERENCED_PARAMETER(count);\n"
		"}\n"
		"static bool Same(PVOID a, PVOID b) {\n"
		"    auto p1 = (ProcessData*)a;\n"
		"    auto p2 = (ProcessData*)b;\n"
		"    return p1->Id == p2->Id;\n"
		"}\n"
		"static void Add() {\n"
		"    Locker locker(ProcessesLock);\n"
		"}\n"
		"extern \"C\" NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
		"{\n"
		"    UNREFERENCED_PARAMETER(r);\n"
		"    ProcessesLock.Init();\n"
		"    g_Globals.Init(1);\n"
		"    Add();\n"
		"    if (Same(d, d))\n"
		"        d->DriverUnload = NULL;\n"
		"    return CmRegisterCallbackEx(NULL, NULL, d, nullptr, &g_Globals.RegCookie, nullptr);\n"
		"}\n",
		NULL
	};
	analyze_files(&f, files);
	const struct entry_point *e = entry_in(&f.result, "tables.cpp");
	ck_assert_ptr_nonnull(e);
	ck_assert_msg(e->analyzable, "%s", e->first_error ? e->first_error : "?");
	ck_assert(strvec_contains(&e->assumed, "Init (a routine pointer member of ProcessesLock)"));
	ck_assert(strvec_contains(&e->assumed, "RegCookie (a member of Globals)"));
	/* No error left anywhere: the out-of-line routine, the cast and the guard parse too. */
	ck_assert(!has_problem(&f.result, PROBLEM_WARNING, "clang reported"));
	fixture_release(&f);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("missing_header_cpp");
	TCase *tc = tcase_create("missing header, C++");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, a_type_of_the_drivers_header_is_not_assumed_for_a_class_method);
	tcase_add_test(tc, cplusplus_calls_to_undeclared_functions_are_assumed);
	tcase_add_test(tc, cplusplus_uses_of_names_of_a_missing_header_shape_what_is_assumed);
	tcase_add_test(tc, cplusplus_pointer_type_of_a_missing_header_points_to_the_named_structure);
	tcase_add_test(tc, cplusplus_stand_in_leaves_comparisons_of_known_types_alone);
	tcase_add_test(tc, cplusplus_classes_of_a_missing_header_take_their_routines_and_objects);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
