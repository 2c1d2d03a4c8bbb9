/* SPDX-License-Identifier: Apache-2.0 */
/* C code whose header is missing: the names it would declare are assumed
 * (and the entry degraded), shaped by how the code uses them, revised by
 * later uses, in the declaration shapes of kit headers the model lacks; a
 * file whose only header is missing is still read as kernel code. */
#include <stdlib.h>
#include <string.h>

#include "facts/classify.h"
#include "testutil.h"
#include "base/alloc.h"
#include "base/strvec.h"

START_TEST(names_no_header_declares_are_assumed_and_the_entry_is_degraded)
{
	/* The project's own headers are missing: an attribute-like section
	 * macro before the definition, a type, constants. */
	struct fixture f;
	const char *files[] = {
		"drv/driver.c",
		"#include <ntddk.h>\n"
		"#include \"missing_project_header.h\"\n"
		"INIT_CODE_SEG NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
		"{\n"
		"    PMY_CONTEXT context = NULL;\n"
		"    UNICODE_STRING name;\n"
		"    UNREFERENCED_PARAMETER(r);\n"
		"    RtlInitUnicodeString(&name, DEVICE_NAME);\n"
		"    if (context != NULL || MY_FLAGS)\n"
		"        return STATUS_UNSUCCESSFUL;\n"
		"    d->DriverUnload = NULL;\n"
		"    return STATUS_SUCCESS;\n"
		"}\n",
		NULL
	};
	analyze_files(&f, files);
	const struct entry_point *e = entry_in(&f.result, "driver.c");
	ck_assert_msg(e != NULL, "DriverEntry after an unknown section macro was not found");
	ck_assert_msg(e->analyzable, "%s", e->first_error ? e->first_error : "?");
	ck_assert_str_eq(entry_analyzability(e), "degraded");
	ck_assert(strvec_contains(&e->assumed, "PMY_CONTEXT (a pointer to an opaque structure)"));
	ck_assert(strvec_contains(&e->assumed, "MY_FLAGS (a constant)"));
	ck_assert(strvec_contains(&e->assumed, "DEVICE_NAME (a constant)"));
	ck_assert_uint_eq(e->assumed.len, 3);
	ck_assert(has_problem(&f.result, PROBLEM_NOTE, "4 names declared by no header were assumed"));
	ck_assert(has_problem(&f.result, PROBLEM_NOTE, "findings that rest on them are guesses"));
	fixture_release(&f);
}
END_TEST

START_TEST(members_of_assumed_structures_are_assumed_too)
{
	/* A structure of a missing header filled member by member, nested
	 * members, a pointer to one, a GUID (a structure the model declares)
	 * stored in a member, and a version macro in a static initializer. */
	struct fixture f;
	const char *files[] = {
		"drv/driver.c",
		"#include <ntddk.h>\n"
		"#include \"reg_missing.h\"\n"
		"static const GUID KeyGuid = { 1, 2, 3, { 4, 5, 6, 7, 8, 9, 10, 11 } };\n"
		"static REG_DISPATCH Dispatch = { MAKE_REG_VERSION(1, 0), 0 };\n"
		"NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
		"{\n"
		"    REG_INFO info;\n"
		"    PREG_STATE state = NULL;\n"
		"    RtlZeroMemory(&info, sizeof(info));\n"
		"    info.Revision = 3;\n"
		"    info.DriverObject = d;\n"
		"    info.Key = KeyGuid;\n"
		"    info.Limits.Max = 16;\n"
		"    info.Dispatch = &Dispatch;\n"
		"    if (state != NULL && state->Count > 0)\n"
		"        return STATUS_UNSUCCESSFUL;\n"
		"    UNREFERENCED_PARAMETER(r);\n"
		"    return RegRegister(&info);\n"
		"}\n",
		"drv/driver.cpp",
		"#include <ntddk.h>\n"
		"#include \"reg_missing.h\"\n"
		"extern \"C\" NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
		"{\n"
		"    REG_INFO info = {};\n"
		"    info.DriverObject = d;\n"
		"    info.Flags |= 4;\n"
		"    info.Path = *r;\n"
		"    if (info.Flags == 0 || !info.DriverObject)\n"
		"        return STATUS_UNSUCCESSFUL;\n"
		"    return RegRegister(&info);\n"
		"}\n",
		NULL
	};
	analyze_files(&f, files);
	const struct entry_point *c = entry_in(&f.result, "driver.c");
	ck_assert_ptr_nonnull(c);
	ck_assert_msg(c->analyzable, "%s", c->first_error ? c->first_error : "?");
	ck_assert_str_eq(entry_analyzability(c), "degraded");
	ck_assert(strvec_contains(&c->assumed, "REG_INFO (an opaque structure type)"));
	ck_assert(strvec_contains(&c->assumed, "Revision (a member of REG_INFO)"));
	ck_assert(strvec_contains(&c->assumed, "Limits (a structure member of REG_INFO)"));
	ck_assert(strvec_contains(&c->assumed, "Max (a member of REG_INFO_Limits)"));
	ck_assert(strvec_contains(&c->assumed, "Count (a member of REG_STATE)"));
	/* Every error was answered: the GUID member and the version macro too. */
	ck_assert(!has_problem(&f.result, PROBLEM_WARNING, "clang reported"));
	const struct entry_point *cpp = entry_in(&f.result, "driver.cpp");
	ck_assert_ptr_nonnull(cpp);
	ck_assert_msg(cpp->analyzable, "%s", cpp->first_error ? cpp->first_error : "?");
	ck_assert(strvec_contains(&cpp->assumed, "Path (a member of REG_INFO)"));
	fixture_release(&f);
}
END_TEST

START_TEST(a_member_reached_into_of_a_structure_tag_is_named_after_the_tag)
{
	/* `struct vnode v;` of a missing header keeps its own tag; its member
	 * first stored as a scalar, then reached into, becomes a structure
	 * named after both (this read past the tag before). */
	struct fixture f;
	const char *files[] = {
		"drv/driver.c",
		"#include <ntddk.h>\n"
		"#include \"vfs/vnode_private.h\"\n"
		"NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
		"{\n"
		"    struct vnode v;\n"
		"    UNREFERENCED_PARAMETER(d);\n"
		"    UNREFERENCED_PARAMETER(r);\n"
		"    v.v_data = NULL;\n"
		"    v.v_data->refcount = 0;\n"
		"    return STATUS_SUCCESS;\n"
		"}\n",
		NULL
	};
	analyze_files(&f, files);
	const struct entry_point *e = entry_in(&f.result, "driver.c");
	ck_assert_ptr_nonnull(e);
	ck_assert_msg(e->analyzable, "%s", e->first_error ? e->first_error : "?");
	ck_assert(strvec_contains(&e->assumed, "refcount (a member of vnode_v_data)"));
	ck_assert(!has_problem(&f.result, PROBLEM_WARNING, "clang reported"));
	fixture_release(&f);
}
END_TEST

START_TEST(uses_of_names_of_a_missing_header_shape_what_is_assumed)
{
	/* Globals of a missing header reached through their members, pointers
	 * read through `*` and `[]`, two string macros side by side, an
	 * assertion macro that takes an operator, and constants written as a
	 * macro's argument or a condition before a name (no casts), some of
	 * them case labels (distinct), <stdbool.h>'s names in C, types and
	 * members named in the kit's CONTAINING_RECORD and FIELD_OFFSET, and
	 * structure tags used whole. */
	struct fixture f;
	const char *files[] = {
		"drv/driver.c",
		"#include <ntddk.h>\n"
		"#include \"globals_missing.h\"\n"
		"NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
		"{\n"
		"    UNICODE_STRING name = RTL_CONSTANT_STRING(PREFIX_W DEVICE_W);\n"
		"    UNREFERENCED_PARAMETER(r);\n"
		"    ASSERT3P(d, !=, NULL);\n"
		"    InitializeListHead(&g_Log.Head);\n"
		"    g_Config->Flags = 1;\n"
		"    if (*SafeBootMode > 0)\n"
		"        return STATUS_UNSUCCESSFUL;\n"
		"    PrepareTable[IRP_MJ_CREATE] = NULL;\n"
		"    return IoCreateDevice(d, 0, &name, FILE_DEVICE_UNKNOWN, 0, FALSE, &g_Device);\n"
		"}\n"
		"static bool g_Started = false;\n"
		"ULONG_PTR Offsets(PLIST_ENTRY e)\n"
		"{\n"
		"    POPEN_INSTANCE o = CONTAINING_RECORD(e, OPEN_INSTANCE, Link);\n"
		"    return FIELD_OFFSET(OTHER_INFO, Field) + (ULONG_PTR)o;\n"
		"}\n"
		"ULONG KeyOf(struct tree_header *h)\n"
		"{\n"
		"    struct tree_key k;\n"
		"    k.obj_id = h->level;\n"
		"    return (ULONG)(k.obj_id + sizeof(struct tree_item));\n"
		"}\n"
		"#define CASE_STR(x) case x: return #x;\n"
		"const char *MinorName(UCHAR minor)\n"
		"{\n"
		"    switch (minor) {\n"
		"        CASE_STR(IRP_MN_NEWER_ONE)\n"
		"        CASE_STR(IRP_MN_NEWER_TWO)\n"
		"    }\n"
		"    if (NEWER_FLAG) g_Started = true;\n"
		"    return \"\";\n"
		"}\n",
		NULL
	};
	analyze_files(&f, files);
	const struct entry_point *e = entry_in(&f.result, "driver.c");
	ck_assert_ptr_nonnull(e);
	ck_assert_msg(e->analyzable, "%s", e->first_error ? e->first_error : "?");
	ck_assert(strvec_contains(&e->assumed, "g_Log (a structure variable)"));
	ck_assert(strvec_contains(&e->assumed, "Head (a member of g_Log)"));
	ck_assert(strvec_contains(&e->assumed, "g_Config (a pointer to a structure variable)"));
	ck_assert(strvec_contains(&e->assumed, "SafeBootMode (a pointer variable)"));
	ck_assert(strvec_contains(&e->assumed, "PrepareTable (a pointer variable)"));
	ck_assert(strvec_contains(&e->assumed, "PREFIX_W (a string macro)"));
	ck_assert(strvec_contains(&e->assumed, "DEVICE_W (a string macro)"));
	ck_assert(strvec_contains(&e->assumed, "ASSERT3P (a function-like macro that takes an operator)"));
	ck_assert(!has_problem(&f.result, PROBLEM_WARNING, "clang reported"));
	fixture_release(&f);
}
END_TEST

START_TEST(declarations_after_directives_and_comments_are_read_as_declarations)
{
	/* `NAME var;` after a macro defined in the function, or after a line
	 * ending in a comment: what ends the line before is no operand, and
	 * NAME is a type (before, a string macro: two names side by side). */
	struct fixture f;
	const char *files[] = {
		"drv/driver.c",
		"#include <ntddk.h>\n"
		"#include \"image_missing.h\"\n"
		"NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
		"{\n"
		"#define MK_PTR(_Base, _Type, _Rva) \\\n"
		"    (_Type)((ULONG_PTR)(_Base) + (_Rva))\n"
		"    PMY_DOS_HEADER dos;\n"
		"    UNREFERENCED_PARAMETER(r); // the path is not read\n"
		"    PMY_NT_HEADERS nt; /* nor is this */\n"
		"    dos = MK_PTR(d->DriverStart, PMY_DOS_HEADER, 0);\n"
		"    nt = MK_PTR(d->DriverStart, PMY_NT_HEADERS, dos->e_lfanew);\n"
		"    return nt->Signature == 0 ? STATUS_UNSUCCESSFUL : STATUS_SUCCESS;\n"
		"}\n",
		NULL
	};
	analyze_files(&f, files);
	const struct entry_point *e = entry_in(&f.result, "driver.c");
	ck_assert_ptr_nonnull(e);
	ck_assert_msg(e->analyzable, "%s", e->first_error ? e->first_error : "?");
	ck_assert(strvec_contains(&e->assumed, "PMY_DOS_HEADER (a pointer to an opaque structure)"));
	ck_assert(strvec_contains(&e->assumed, "PMY_NT_HEADERS (a pointer to an opaque structure)"));
	ck_assert(!has_problem(&f.result, PROBLEM_WARNING, "clang reported"));
	fixture_release(&f);
}
END_TEST

START_TEST(assumed_types_and_routines_are_revised_by_their_later_uses)
{
	/* A status type of a missing header used as a number, a pointer to a
	 * lower-case type declared as `T *p;`, a routine stored as the unload
	 * routine and called on a failure path, a member stored first and
	 * reached into later, a routine type cast to and called, and a global
	 * stored before the file defines it with a kit type, in C and in C++. */
	static const char body[] =
		"{\n"
		"    XDP_STATUS xs;\n"
		"    device_extension* ext;\n"
		"    NTSTATUS status;\n"
		"    tIsEnabled fIsEnabled;\n"
		"    UNREFERENCED_PARAMETER(r);\n"
		"    xs = XdpInitialize(d);\n"
		"    if (xs != 0)\n"
		"        return STATUS_UNSUCCESSFUL;\n"
		"    status = xs;\n"
		"    d->DriverUnload = MyUnload;\n"
		"    ext = (device_extension*)d->DriverExtension;\n"
		"    ext->Count = 0;\n"
		"    g_Ext->Device = NULL;\n"
		"    g_Ext->Device->Flags = 1;\n"
		"    fIsEnabled = (tIsEnabled)MmGetSystemRoutineAddress(NULL);\n"
		"    if (fIsEnabled && fIsEnabled())\n"
		"        return STATUS_UNSUCCESSFUL;\n"
		"    if (!NT_SUCCESS(status)) {\n"
		"        MyUnload(d);\n"
		"        return status;\n"
		"    }\n"
		"    TheDriver = d;\n"
		"    return STATUS_SUCCESS;\n"
		"}\n"
		"PDRIVER_OBJECT TheDriver;\n";
	char *c = alloc_printf("#include <ntddk.h>\n#include \"types_missing.h\"\n"
			    "NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n%s", body);
	char *cpp = alloc_printf("#include <ntddk.h>\n#include \"types_missing.h\"\n"
			      "extern \"C\" NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n%s", body);
	struct fixture f;
	const char *files[] = { "c/driver.c", c, "cpp/driver.cpp", cpp, NULL };
	analyze_files(&f, files);
	const struct entry_point *e = entry_in(&f.result, "driver.c");
	ck_assert_ptr_nonnull(e);
	ck_assert_msg(e->analyzable, "%s", e->first_error ? e->first_error : "?");
	ck_assert(strvec_contains(&e->assumed, "XDP_STATUS (an integer type)"));
	ck_assert(strvec_contains(&e->assumed, "device_extension (an opaque structure type)"));
	ck_assert(strvec_contains(&e->assumed, "Count (a member of device_extension)"));
	ck_assert(strvec_contains(&e->assumed, "MyUnload (a function returning an integer)"));
	ck_assert(strvec_contains(&e->assumed, "Flags (a member of g_Ext_Device)"));
	ck_assert(strvec_contains(&e->assumed, "tIsEnabled (a routine pointer type)"));
	ck_assert(strvec_contains(&e->assumed, "TheDriver (a variable declared ahead of its definition)"));
	e = entry_in(&f.result, "driver.cpp");
	ck_assert_ptr_nonnull(e);
	ck_assert_msg(e->analyzable, "%s", e->first_error ? e->first_error : "?");
	ck_assert(strvec_contains(&e->assumed, "XDP_STATUS (a type of unknown kind)"));
	ck_assert(strvec_contains(&e->assumed, "MyUnload (a variable)"));
	ck_assert(strvec_contains(&e->assumed, "TheDriver (a variable declared ahead of its definition)"));
	ck_assert(!has_problem(&f.result, PROBLEM_WARNING, "clang reported"));
	fixture_release(&f);
	free(c);
	free(cpp);
}
END_TEST

START_TEST(declaration_shapes_of_kit_headers_the_model_lacks)
{
	/* A code-segment macro before `extern "C"` and before `static`, a
	 * Hungarian pointer type (pMY_INFO), a handle type compared with 0 and
	 * then reached into, and in C a structure of a missing header stored in
	 * a member of another, declared in the opposite order; then the shapes
	 * of KMDF contexts and of C++ classes in classes. */
	static const char body[] =
		"PAGED_CODE_SEG static VOID Helper(PDRIVER_OBJECT d) { UNREFERENCED_PARAMETER(d); }\n"
		"%sINIT_CODE_SEG %sNTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
		"{\n"
		"    pMY_INFO info;\n"
		"    MY_HANDLE h;\n"
		"    UNREFERENCED_PARAMETER(r);\n"
		"    info = (pMY_INFO)ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(MY_INFO), 'ofnI');\n"
		"    if (info == NULL)\n"
		"        return STATUS_INSUFFICIENT_RESOURCES;\n"
		"    info->Driver = d;\n"
		"    h = OpenHandle();\n"
		"    if (h == 0)\n"
		"        return STATUS_UNSUCCESSFUL;\n"
		"    h->Count = 1;\n"
		"    Helper(d);\n"
		"    return STATUS_SUCCESS;\n"
		"}\n";
	static const char nested[] =
		"static void Fill(void)\n"
		"{\n"
		"    OUTER_CONFIG outer;\n"
		"    INNER_DATA inner;\n"
		"    inner.Size = 0;\n"
		"    outer.Data = inner;\n"
		"}\n";
	/* A KMDF context type and its accessor, both of a missing header. */
	static const char kmdf[] =
		"#include <ntddk.h>\n#include <wdf.h>\n#include \"context_missing.h\"\n"
		"NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
		"{\n"
		"    WDF_DRIVER_CONFIG config;\n"
		"    WDF_OBJECT_ATTRIBUTES attributes;\n"
		"    WDFDRIVER driver;\n"
		"    NTSTATUS status;\n"
		"    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DRIVER_CONTEXT);\n"
		"    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);\n"
		"    status = WdfDriverCreate(d, r, &attributes, &config, &driver);\n"
		"    if (!NT_SUCCESS(status))\n"
		"        return status;\n"
		"    GetDriverContext(driver)->Ready = TRUE;\n"
		"    return status;\n"
		"}\n";
	/* C++: a class in a class of a missing header, whose static member's
	 * address a routine of the model takes. */
	static const char scoped[] =
		"#include <fltKernel.h>\n#include \"filter_missing.hpp\"\n"
		"extern \"C\" NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
		"{\n"
		"    UNREFERENCED_PARAMETER(r);\n"
		"    NTSTATUS status = MyFilter::Globals::Initialize();\n"
		"    if (!NT_SUCCESS(status))\n"
		"        return status;\n"
		"    status = FltRegisterFilter(d, &MyFilter::Registration, &MyFilter::Globals::Filter);\n"
		"    if (!NT_SUCCESS(status))\n"
		"        return status;\n"
		"    status = FltStartFiltering(MyFilter::Globals::Filter);\n"
		"    if (!NT_SUCCESS(status))\n"
		"        FltUnregisterFilter(MyFilter::Globals::Filter);\n"
		"    return status;\n"
		"}\n";
	char *c = alloc_printf("#include <ntddk.h>\n#include \"kit_missing.h\"\n%s%s", nested, body);
	char *c_entry = alloc_printf(c, "", "");
	char *cpp = alloc_printf("#include <ntddk.h>\n#include \"kit_missing.h\"\n%s", body);
	char *cpp_entry = alloc_printf(cpp, "", "extern \"C\" ");
	struct fixture f;
	const char *files[] = { "c/driver.c", c_entry, "cpp/driver.cpp", cpp_entry, "kmdf/driver.c", kmdf,
				"flt/filter.cpp", scoped, NULL };
	analyze_files(&f, files);
	const struct entry_point *e = entry_in(&f.result, "kmdf/driver.c");
	ck_assert_ptr_nonnull(e);
	ck_assert_msg(e->analyzable, "%s", e->first_error ? e->first_error : "?");
	ck_assert(strvec_contains(&e->assumed, "GetDriverContext (a function returning a pointer to a structure)"));
	ck_assert(strvec_contains(&e->assumed, "_WDF_DRIVER_CONTEXT_TYPE_INFO (a structure variable)"));
	e = entry_in(&f.result, "filter.cpp");
	ck_assert_ptr_nonnull(e);
	ck_assert_msg(e->analyzable, "%s", e->first_error ? e->first_error : "?");
	ck_assert(strvec_contains(&e->assumed, "Globals (a class in MyFilter)"));
	ck_assert(strvec_contains(&e->assumed, "Filter (a static member of MyFilter_Globals)"));
	for (int i = 0; i < 2; i++) {
		e = entry_in(&f.result, i ? "cpp/driver.cpp" : "c/driver.c");
		ck_assert_ptr_nonnull(e);
		ck_assert_msg(e->analyzable, "%s", e->first_error ? e->first_error : "?");
		ck_assert(strvec_contains(&e->assumed, "pMY_INFO (a pointer to an opaque structure)"));
		ck_assert(strvec_contains(&e->assumed, "MY_HANDLE (a pointer to a structure)"));
	}
	ck_assert(!has_problem(&f.result, PROBLEM_WARNING, "clang reported"));
	fixture_release(&f);
	free(c);
	free(c_entry);
	free(cpp);
	free(cpp_entry);
}
END_TEST

START_TEST(a_file_of_sal_annotated_routines_whose_driver_header_is_missing)
{
	/* Read without a Windows header, the first annotated definition
	 * swallows the rest of the file, which leaves fewer errors than the
	 * kernel model does (it sees every name of the missing header): the
	 * kernel model is kept for keeping more routines. Then the names of the
	 * missing header: a string macro made a UNICODE_STRING, a GUID whose
	 * address is taken, designated fields (of a const structure, of one a
	 * variable is initialized with, not an integer type for that, and a
	 * member's member), types whose P prefix is not "pointer to" (PKTMON_:
	 * packet monitor), a member called after being compared with NULL, and a
	 * routine called before its definition. */
	struct fixture f;
	const char *files[] = {
		"xdp/dispatch.c",
		"#include \"precomp_missing.h\"\n"
		"\n"
		"DRIVER_INITIALIZE DriverEntry;\n"
		"static DRIVER_OBJECT *TheDriverObject;\n"
		"static DEVICE_TABLE_ENTRY DeviceTable[] = {\n"
		"    { .DeviceName = RTL_CONSTANT_STRING(PROGRAM_DEVICE_NAME), .ClassGuid = &PROGRAM_CLASS_GUID },\n"
		"};\n"
		"static const HOOK_ID DefaultHook = { .Layer = HOOK_LAYER_RX, .SubLayer = 0 };\n"
		"static FILE_IRP_ROUTINE FileClose;\n"
		"static FILE_DISPATCH FileDispatch = { .Cleanup = NULL, .Close = FileClose };\n"
		"static const EXT_REGISTRATION Extensions[] = { { .Info.Name = EXT_NAME, .Size = 8 } };\n"
		"PKTMON_DISPATCH const ClientDispatch = { .Size = sizeof(PKTMON_DISPATCH) };\n"
		"VOID UseContext(PKTMON_CONTEXT Ctx) { Ctx.Count = 0; }\n"
		"\n"
		"_IRQL_requires_max_(PASSIVE_LEVEL)\n"
		"NTSTATUS\n"
		"IrpCleanup(\n"
		"    _In_ DEVICE_OBJECT *DeviceObject,\n"
		"    _Inout_ IRP *Irp\n"
		"    )\n"
		"{\n"
		"    FILE_HEADER *Header = IoGetCurrentIrpStackLocation(Irp)->FileObject->FsContext;\n"
		"    UNREFERENCED_PARAMETER(DeviceObject);\n"
		"    if (Header != NULL && Header->Dispatch->Cleanup != NULL) {\n"
		"        return Header->Dispatch->Cleanup(Irp);\n"
		"    }\n"
		"    return Route(0);\n"
		"}\n"
		"\n"
		"static NTSTATUS Route(ULONG code)\n"
		"{\n"
		"    switch (code) {\n"
		"    case CODE_0: return Handle0(code, FLAG_0);\n"
		"    case CODE_1: return Handle1(code, FLAG_1);\n"
		"    case CODE_2: return Handle2(code, FLAG_2);\n"
		"    case CODE_3: return Handle3(code, FLAG_3);\n"
		"    case CODE_4: return Handle4(code, FLAG_4);\n"
		"    case CODE_5: return Handle5(code, FLAG_5);\n"
		"    case CODE_6: return Handle6(code, FLAG_6);\n"
		"    case CODE_7: return Handle7(code, FLAG_7);\n"
		"    }\n"
		"    return STATUS_SUCCESS;\n"
		"}\n"
		"\n"
		"_Use_decl_annotations_\n"
		"NTSTATUS\n"
		"DriverEntry(\n"
		"    DRIVER_OBJECT *DriverObject,\n"
		"    UNICODE_STRING *RegistryPath\n"
		"    )\n"
		"{\n"
		"    DECLARE_CONST_UNICODE_STRING(DeviceName, DEVICE_NAME);\n"
		"    UNREFERENCED_PARAMETER(RegistryPath);\n"
		"    UNREFERENCED_PARAMETER(DeviceName);\n"
		"    TheDriverObject = DriverObject;\n"
		"    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = IrpCleanup;\n"
		"    DriverObject->DriverUnload = NULL;\n"
		"    return Route(DeviceTable[0].DeviceName.Length);\n"
		"}\n",
		NULL
	};
	analyze_files(&f, files);
	const struct entry_point *e = entry_in(&f.result, "dispatch.c");
	ck_assert_ptr_nonnull(e);
	ck_assert_msg(e->analyzable, "%s", e->first_error ? e->first_error : "?");
	ck_assert(strvec_contains(&e->assumed, "DEVICE_NAME (a string macro)"));
	ck_assert_uint_eq(e->assumed.len, 3); /* and DeviceName.Length: no kit type is assumed */
	ck_assert(!has_problem(&f.result, PROBLEM_WARNING, "clang reported"));
	fixture_release(&f);
}
END_TEST

START_TEST(a_file_whose_driver_header_is_missing_is_read_as_kernel_code)
{
	/* The only include is the driver's own header, missing: the kit's types
	 * it would have brought (NTSTATUS, PDRIVER_OBJECT) are the model's, not
	 * opaque types to invent. */
	struct fixture f;
	const char *files[] = {
		"drv/driver.c",
		"#include \"mydriver.h\"\n"
		"NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n"
		"{\n"
		"    NTSTATUS status;\n"
		"    UNICODE_STRING name;\n"
		"    UNREFERENCED_PARAMETER(RegistryPath);\n"
		"    RtlInitUnicodeString(&name, L\"\\\\Device\\\\X\");\n"
		"    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, 0, FALSE, &g_Device);\n"
		"    if (!NT_SUCCESS(status))\n"
		"        return status;\n"
		"    DriverObject->DriverUnload = MyUnload;\n"
		"    return STATUS_SUCCESS;\n"
		"}\n",
		NULL
	};
	analyze_files(&f, files);
	const struct entry_point *e = entry_in(&f.result, "driver.c");
	ck_assert_ptr_nonnull(e);
	ck_assert_msg(e->analyzable, "%s", e->first_error ? e->first_error : "?");
	for (size_t i = 0; i < e->assumed.len; i++)
		ck_assert_msg(strncmp(e->assumed.items[i], "NTSTATUS", 8) && strncmp(e->assumed.items[i], "PDRIVER_OBJECT", 14),
			      "%s", e->assumed.items[i]);
	ck_assert(strvec_contains(&e->assumed, "g_Device (a variable)"));
	fixture_release(&f);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("missing_header");
	TCase *tc = tcase_create("missing header");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, names_no_header_declares_are_assumed_and_the_entry_is_degraded);
	tcase_add_test(tc, members_of_assumed_structures_are_assumed_too);
	tcase_add_test(tc, a_member_reached_into_of_a_structure_tag_is_named_after_the_tag);
	tcase_add_test(tc, uses_of_names_of_a_missing_header_shape_what_is_assumed);
	tcase_add_test(tc, declarations_after_directives_and_comments_are_read_as_declarations);
	tcase_add_test(tc, assumed_types_and_routines_are_revised_by_their_later_uses);
	tcase_add_test(tc, declaration_shapes_of_kit_headers_the_model_lacks);
	tcase_add_test(tc, a_file_of_sal_annotated_routines_whose_driver_header_is_missing);
	tcase_add_test(tc, a_file_whose_driver_header_is_missing_is_read_as_kernel_code);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
