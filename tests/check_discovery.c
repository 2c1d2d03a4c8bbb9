/* SPDX-License-Identifier: Apache-2.0 */
/* Finding and classifying DriverEntry in small drivers written on the fly,
 * through the whole front end: header model, stubs, encodings. */
#include <stdlib.h>
#include <string.h>

#include "facts/classify.h"
#include "facts/entry.h"
#include "facts/written.h"
#include "front/synth.h"
#include "testutil.h"
#include "base/util.h"

struct fixture {
	char *dir;
	struct run_result result;
	int rc;
};

/* Writes `files` (name, content pairs, NULL-terminated) and analyzes the dir. */
static void analyze_files(struct fixture *f, const char *const *files)
{
	f->dir = scratch_dir();
	for (size_t i = 0; files[i]; i += 2)
		free(scratch_write(f->dir, files[i], files[i + 1], 0));
	f->rc = analyze(f->dir, NULL, &f->result);
}

static void fixture_release(struct fixture *f)
{
	run_result_release(&f->result);
	remove_tree(f->dir);
	free(f->dir);
}

/* Asserts that exactly one entry is in `suffix`, analyzable, at `line`, of `models`. */
static void expect_entry(const struct fixture *f, const char *suffix, unsigned line,
			 const char *models)
{
	const struct entry_point *e = entry_in(&f->result, suffix);
	ck_assert_msg(e != NULL, "no DriverEntry found in %s", suffix);
	char *m = models_text(e);
	ck_assert_msg(e->analyzable, "%s: DriverEntry not analyzable: %s", suffix,
		      e->first_error ? e->first_error : "?");
	ck_assert_uint_eq(e->line, line);
	ck_assert_str_eq(m, models);
	free(m);
}

static void check_single(const char *name, const char *code, unsigned line, const char *models)
{
	struct fixture f;
	const char *files[] = { name, code, NULL };
	analyze_files(&f, files);
	ck_assert_uint_eq(f.result.entries.len, 1);
	expect_entry(&f, name, line, models);
	fixture_release(&f);
}

START_TEST(wdm_with_role_type_sal_seh_and_alloc_text)
{
	check_single("wdm.c",
		     "#include <ntddk.h>\n"
		     "DRIVER_INITIALIZE DriverEntry;\n"
		     "_Dispatch_type_(IRP_MJ_CREATE) DRIVER_DISPATCH Create;\n"
		     "DRIVER_UNLOAD Unload;\n"
		     "#pragma alloc_text(INIT, DriverEntry)\n"
		     "NTSTATUS Create(PDEVICE_OBJECT d, PIRP irp) { UNREFERENCED_PARAMETER(d);\n"
		     "  irp->IoStatus.Status = STATUS_SUCCESS; IoCompleteRequest(irp, IO_NO_INCREMENT);\n"
		     "  return STATUS_SUCCESS; }\n"
		     "VOID Unload(PDRIVER_OBJECT d) { UNREFERENCED_PARAMETER(d); }\n"
		     "_Use_decl_annotations_\n"
		     "NTSTATUS\n"
		     "DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)\n"
		     "{\n"
		     "  NTSTATUS status = STATUS_SUCCESS;\n"
		     "  UNREFERENCED_PARAMETER(RegistryPath);\n"
		     "  __try { DriverObject->MajorFunction[IRP_MJ_CREATE] = Create; }\n"
		     "  __except (EXCEPTION_EXECUTE_HANDLER) { status = GetExceptionCode(); }\n"
		     "  DriverObject->DriverUnload = Unload;\n"
		     "  return status;\n"
		     "}\n",
		     12, "wdm");
}
END_TEST

START_TEST(function_class_annotation_on_the_definition)
{
	check_single("fc.c",
		     "#include <wdm.h>\n"
		     "_Function_class_(DRIVER_INITIALIZE)\n"
		     "_IRQL_requires_same_\n"
		     "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n"
		     "{ UNREFERENCED_PARAMETER(DriverObject); UNREFERENCED_PARAMETER(RegistryPath);\n"
		     "  return STATUS_SUCCESS; }\n",
		     4, "other");
}
END_TEST

START_TEST(cplusplus_with_and_without_extern_c)
{
	check_single("a.cpp",
		     "#include <ntddk.h>\n"
		     "extern \"C\" DRIVER_INITIALIZE DriverEntry;\n"
		     "static VOID Unload(PDRIVER_OBJECT) {}\n"
		     "extern \"C\" NTSTATUS\n"
		     "DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING)\n"
		     "{ auto set = [&](PDRIVER_UNLOAD u) { DriverObject->DriverUnload = u; };\n"
		     "  set(Unload); return STATUS_SUCCESS; }\n",
		     5, "wdm");
	check_single("b.cpp",
		     "#include <ntddk.h>\n"
		     "static VOID Unload(PDRIVER_OBJECT) {}\n"
		     "extern \"C\" {\n"
		     "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING)\n"
		     "{ DriverObject->DriverUnload = Unload; return STATUS_SUCCESS; }\n"
		     "}\n",
		     4, "wdm");
	/* Found even without C linkage: a later rule reports the missing extern "C". */
	check_single("c.cpp",
		     "#include <ntddk.h>\n"
		     "NTSTATUS DriverEntry(PDRIVER_OBJECT, PUNICODE_STRING)\n"
		     "{ return STATUS_SUCCESS; }\n",
		     2, "other");
}
END_TEST

START_TEST(minifilter_through_a_helper_in_another_file)
{
	struct fixture f;
	const char *files[] = {
		"flt/filter.h",
		"#include <fltKernel.h>\n"
		"extern PFLT_FILTER gFilter;\n"
		"NTSTATUS RegisterAndStart(PDRIVER_OBJECT DriverObject);\n",
		"flt/main.c",
		"#include \"filter.h\"\n"
		"DRIVER_INITIALIZE DriverEntry;\n"
		"NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n"
		"{ UNREFERENCED_PARAMETER(RegistryPath); return RegisterAndStart(DriverObject); }\n",
		"flt/register.c",
		"#include \"filter.h\"\n"
		"PFLT_FILTER gFilter;\n"
		"static NTSTATUS Unload(FLT_FILTER_UNLOAD_FLAGS Flags) { UNREFERENCED_PARAMETER(Flags);\n"
		"  FltUnregisterFilter(gFilter); return STATUS_SUCCESS; }\n"
		"static const FLT_REGISTRATION Registration = { sizeof(FLT_REGISTRATION),\n"
		"  FLT_REGISTRATION_VERSION, 0, NULL, NULL, Unload };\n"
		"NTSTATUS RegisterAndStart(PDRIVER_OBJECT DriverObject)\n"
		"{ NTSTATUS s = FltRegisterFilter(DriverObject, &Registration, &gFilter);\n"
		"  if (!NT_SUCCESS(s)) return s;\n"
		"  s = FltStartFiltering(gFilter);\n"
		"  if (!NT_SUCCESS(s)) FltUnregisterFilter(gFilter);\n"
		"  return s; }\n",
		/* Another driver in another directory with a same-named helper must not interfere. */
		"other/main.c",
		"#include <ntddk.h>\n"
		"NTSTATUS RegisterAndStart(PDRIVER_OBJECT d) { UNREFERENCED_PARAMETER(d); return 0; }\n",
		NULL
	};
	analyze_files(&f, files);
	ck_assert_uint_eq(f.result.entries.len, 1);
	expect_entry(&f, "flt/main.c", 3, "minifilter");
	fixture_release(&f);
}
END_TEST

START_TEST(another_drivers_helper_is_not_followed)
{
	/* A minifilter calls a helper no file of its own defines; the only
	 * definition of that name is another driver's, a storage filter that
	 * fills the dispatch table. Whether that driver is in the run must not
	 * change the minifilter's models: its folder is not the minifilter's. A
	 * library directory in the minifilter's own folder is followed
	 * (mflt/lib/). */
	struct fixture f;
	const char *files[] = {
		"mflt/main.c",
		"#include <fltKernel.h>\n"
		"NTSTATUS CreateControlDevice(PDRIVER_OBJECT d);\n"
		"NTSTATUS StartFilter(PDRIVER_OBJECT d);\n"
		"DRIVER_INITIALIZE DriverEntry;\n"
		"NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
		"{ NTSTATUS s; UNREFERENCED_PARAMETER(r); s = StartFilter(d); if (!NT_SUCCESS(s)) return s;\n"
		"  return CreateControlDevice(d); }\n",
		"mflt/lib/start.c",
		"#include <fltKernel.h>\n"
		"static const FLT_REGISTRATION Reg = { sizeof(FLT_REGISTRATION), FLT_REGISTRATION_VERSION };\n"
		"static PFLT_FILTER Filter;\n"
		"NTSTATUS StartFilter(PDRIVER_OBJECT d)\n"
		"{ NTSTATUS s = FltRegisterFilter(d, &Reg, &Filter); if (!NT_SUCCESS(s)) return s;\n"
		"  s = FltStartFiltering(Filter); if (!NT_SUCCESS(s)) FltUnregisterFilter(Filter); return s; }\n",
		"diskflt/main.c",
		"#include <ntddk.h>\n#include <ntddstor.h>\n"
		"static NTSTATUS Pass(PDEVICE_OBJECT o, PIRP i) { UNREFERENCED_PARAMETER(o); UNREFERENCED_PARAMETER(i); return 0; }\n"
		"NTSTATUS CreateControlDevice(PDRIVER_OBJECT d)\n"
		"{ for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) d->MajorFunction[i] = Pass; return 0; }\n"
		"NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r) { UNREFERENCED_PARAMETER(r); return CreateControlDevice(d); }\n",
		NULL
	};
	analyze_files(&f, files);
	ck_assert_uint_eq(f.result.entries.len, 2);
	expect_entry(&f, "mflt/main.c", 5, "minifilter");
	fixture_release(&f);
}
END_TEST

START_TEST(kmdf_and_umdf)
{
	check_single("kmdf.c",
		     "#include <ntddk.h>\n"
		     "#include <wdf.h>\n"
		     "EVT_WDF_DRIVER_DEVICE_ADD DeviceAdd;\n"
		     "NTSTATUS DeviceAdd(WDFDRIVER d, PWDFDEVICE_INIT i) { UNREFERENCED_PARAMETER(d);\n"
		     "  UNREFERENCED_PARAMETER(i); return STATUS_SUCCESS; }\n"
		     "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n"
		     "{ WDF_DRIVER_CONFIG config;\n"
		     "  WDF_DRIVER_CONFIG_INIT(&config, DeviceAdd);\n"
		     "  return WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,\n"
		     "                         &config, WDF_NO_HANDLE); }\n",
		     6, "kmdf");
	check_single("umdf.cpp",
		     "#include <windows.h>\n"
		     "#include <wdf.h>\n"
		     "extern \"C\" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n"
		     "{ WDF_DRIVER_CONFIG config;\n"
		     "  WDF_DRIVER_CONFIG_INIT(&config, NULL);\n"
		     "  config.DriverInitFlags |= WdfDriverInitNonPnpDriver;\n"
		     "  return WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,\n"
		     "                         &config, WDF_NO_HANDLE); }\n",
		     3, "umdf");
}
END_TEST

START_TEST(port_miniports_with_their_own_signatures)
{
	check_single("ata.c",
		     "#include <ntddk.h>\n"
		     "#include <irb.h>\n"
		     "IDE_CHANNEL_INIT ChannelInit;\n"
		     "IDE_ADAPTER_CONTROL AdapterControl;\n"
		     "ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)\n"
		     "{ IDE_CONTROLLER_INTERFACE ci;\n"
		     "  RtlZeroMemory(&ci, sizeof(ci));\n"
		     "  ci.Version = sizeof(IDE_CONTROLLER_INTERFACE);\n"
		     "  ci.AtaChannelInitRoutine = ChannelInit;\n"
		     "  ci.AtaAdapterControl = AdapterControl;\n"
		     "  return AtaPortInitializeEx(DriverObject, RegistryPath, &ci); }\n",
		     5, "ata-miniport");
	check_single("stor.c",
		     "#include <storport.h>\n"
		     "sp_DRIVER_INITIALIZE DriverEntry;\n"
		     "ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)\n"
		     "{ HW_INITIALIZATION_DATA init = {0};\n"
		     "  init.HwInitializationDataSize = sizeof(HW_INITIALIZATION_DATA);\n"
		     "  return StorPortInitialize(DriverObject, RegistryPath, &init, NULL); }\n",
		     3, "storport-miniport");
	check_single("scsi.c",
		     "#include <miniport.h>\n"
		     "#include <srb.h>\n"
		     "ULONG DriverEntry(PVOID DriverObject, PVOID Argument2)\n"
		     "{ HW_INITIALIZATION_DATA init;\n"
		     "  ScsiPortZeroMemory(&init, sizeof(init));\n"
		     "  init.HwInitializationDataSize = sizeof(HW_INITIALIZATION_DATA);\n"
		     "  return ScsiPortInitialize(DriverObject, Argument2, &init, NULL); }\n",
		     3, "scsiport-miniport");
}
END_TEST

START_TEST(ndis_drivers)
{
	check_single("mp.c",
		     "#include <ndis.h>\n"
		     "NDIS_HANDLE gDriver;\n"
		     "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n"
		     "{ NDIS_MINIPORT_DRIVER_CHARACTERISTICS c;\n"
		     "  NdisZeroMemory(&c, sizeof(c));\n"
		     "  return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &c, &gDriver); }\n",
		     3, "ndis-miniport");
	check_single("lwf.c",
		     "#include <ndis.h>\n"
		     "NDIS_HANDLE gFilter;\n"
		     "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n"
		     "{ NDIS_FILTER_DRIVER_CHARACTERISTICS c;\n"
		     "  UNREFERENCED_PARAMETER(RegistryPath);\n"
		     "  NdisZeroMemory(&c, sizeof(c));\n"
		     "  return NdisFRegisterFilterDriver(DriverObject, NULL, &c, &gFilter); }\n",
		     3, "ndis-filter");
	check_single("prot.c",
		     "#include <ndis.h>\n"
		     "NDIS_HANDLE gProt;\n"
		     "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n"
		     "{ NDIS_PROTOCOL_DRIVER_CHARACTERISTICS c;\n"
		     "  UNREFERENCED_PARAMETER(DriverObject); UNREFERENCED_PARAMETER(RegistryPath);\n"
		     "  NdisZeroMemory(&c, sizeof(c));\n"
		     "  return NdisRegisterProtocolDriver(NULL, &c, &gProt); }\n",
		     3, "ndis-protocol");
}
END_TEST

START_TEST(storage_class_and_filter)
{
	check_single("cls.c",
		     "#include <ntddk.h>\n"
		     "#include <classpnp.h>\n"
		     "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n"
		     "{ CLASS_INIT_DATA init;\n"
		     "  RtlZeroMemory(&init, sizeof(init));\n"
		     "  init.InitializationDataSize = sizeof(CLASS_INIT_DATA);\n"
		     "  return ClassInitialize(DriverObject, RegistryPath, &init); }\n",
		     3, "storage-class");
	check_single("byhand.c",
		     "#include <ntddk.h>\n"
		     "#include <ntddstor.h>\n"
		     "typedef struct { UNICODE_STRING Path; } EXT, *PEXT;\n"
		     "static DRIVER_DISPATCH Dispatch;\n"
		     "static NTSTATUS Dispatch(PDEVICE_OBJECT d, PIRP i) { UNREFERENCED_PARAMETER(d);\n"
		     "  UNREFERENCED_PARAMETER(i); return STATUS_SUCCESS; }\n"
		     "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n"
		     "{ PEXT ext;\n"
		     "  NTSTATUS s = IoAllocateDriverObjectExtension(DriverObject, DriverEntry, sizeof(EXT), (PVOID *)&ext);\n"
		     "  if (!NT_SUCCESS(s)) return s;\n"
		     "  UNREFERENCED_PARAMETER(RegistryPath);\n"
		     "  DriverObject->MajorFunction[IRP_MJ_CREATE] = Dispatch;\n"
		     "  return STATUS_SUCCESS; }\n",
		     7, "storage-class");
	check_single("filter.c",
		     "#include <ntddk.h>\n"
		     "#include <ntdddisk.h>\n"
		     "static DRIVER_DISPATCH Pass;\n"
		     "static NTSTATUS Pass(PDEVICE_OBJECT d, PIRP i) { UNREFERENCED_PARAMETER(d);\n"
		     "  UNREFERENCED_PARAMETER(i); return STATUS_SUCCESS; }\n"
		     "static DRIVER_ADD_DEVICE Add;\n"
		     "static NTSTATUS Add(PDRIVER_OBJECT d, PDEVICE_OBJECT p) { UNREFERENCED_PARAMETER(d);\n"
		     "  UNREFERENCED_PARAMETER(p); return STATUS_SUCCESS; }\n"
		     "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n"
		     "{ PDRIVER_DISPATCH *slot = DriverObject->MajorFunction;\n"
		     "  UNREFERENCED_PARAMETER(RegistryPath);\n"
		     "  for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++, slot++) *slot = Pass;\n"
		     "  DriverObject->DriverExtension->AddDevice = Add;\n"
		     "  return STATUS_SUCCESS; }\n",
		     9, "storage-filter");
}
END_TEST

START_TEST(only_the_active_variant_under_ifdef)
{
	check_single("variants.c",
		     "#include <ntddk.h>\n"
		     "#ifdef USE_KMDF\n"
		     "NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r) { return WdfDriverCreate(d, r, 0, 0, 0); }\n"
		     "#else\n"
		     "static VOID Unload(PDRIVER_OBJECT d) { UNREFERENCED_PARAMETER(d); }\n"
		     "NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
		     "{ UNREFERENCED_PARAMETER(r); d->DriverUnload = Unload; return STATUS_SUCCESS; }\n"
		     "#endif\n",
		     6, "wdm");
}
END_TEST

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
	remove_tree(dir);
	free(dir);
}
END_TEST

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
	remove_tree(dir);
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
	char *c = xasprintf("#include <ntddk.h>\n#include \"types_missing.h\"\n"
			    "NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n%s", body);
	char *cpp = xasprintf("#include <ntddk.h>\n#include \"types_missing.h\"\n"
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
	char *c = xasprintf("#include <ntddk.h>\n#include \"kit_missing.h\"\n%s%s", nested, body);
	char *c_entry = xasprintf(c, "", "");
	char *cpp = xasprintf("#include <ntddk.h>\n#include \"kit_missing.h\"\n%s", body);
	char *cpp_entry = xasprintf(cpp, "", "extern \"C\" ");
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
	remove_tree(dir);
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
	remove_tree(dir);
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
	remove_tree(dir);
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
	remove_tree(dir);
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
	remove_tree(dir);
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
	remove_tree(dir);
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
	remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(malformed_code_makes_driver_entry_not_analyzable)
{
	struct fixture f;
	const char *files[] = {
		"bad.c",
		"#include <ntddk.h>\n"
		"NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
		"{ UNKNOWN_TYPE x = 3;\n"
		"  d->MajorFunction[IRP_MJ_CREATE] = (\n"
		"  return STATUS_SUCCESS; }\n",
		NULL
	};
	analyze_files(&f, files);
	const struct entry_point *e = entry_in(&f.result, "bad.c");
	ck_assert_ptr_nonnull(e);
	ck_assert(!e->analyzable);
	ck_assert_uint_gt(e->diagnostics, 0);
	ck_assert(has_problem(&f.result, PROBLEM_ERROR, "cannot be analyzed"));
	fixture_release(&f);
}
END_TEST

static const char wdm_body[] =
	"#include <ntddk.h>\r\n"
	"static VOID Unload(PDRIVER_OBJECT d) { UNREFERENCED_PARAMETER(d); }\r\n"
	"NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\r\n"
	"{ UNREFERENCED_PARAMETER(r); d->DriverUnload = Unload; return STATUS_SUCCESS; }\r\n";

START_TEST(a_return_clang_left_out_makes_driver_entry_not_analyzable)
{
	/* Route is called before its definition, which conflicts with the
	 * implicit declaration; a variadic routine cannot be declared ahead.
	 * libclang 14 drops the return that uses it, with no error inside
	 * DriverEntry, so without the check DE009 reported a fall-off; later
	 * versions keep it. Either way, no DE009. A return written in a
	 * macro's argument is kept, and the one in the #if 0 branch is not
	 * counted. */
	char *dir = scratch_dir();
	free(scratch_write(dir, "drv/driver.c",
			   "#include <ntddk.h>\n"
			   "NTSTATUS A(void) { return Route(0) ? STATUS_UNSUCCESSFUL : STATUS_SUCCESS; }\n"
			   "static ULONG Route(ULONG code, ...) { return code + 1; }\n"
			   "DRIVER_INITIALIZE DriverEntry;\n"
			   "NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
			   "{\n"
			   "    UNREFERENCED_PARAMETER(r);\n"
			   "    d->DriverUnload = NULL;\n"
			   "#if 0\n"
			   "    return STATUS_UNSUCCESSFUL;\n"
			   "#endif\n"
			   "    return Route(0) ? STATUS_UNSUCCESSFUL : STATUS_SUCCESS;\n"
			   "}\n", 0));
	free(scratch_write(dir, "ok/driver.c",
			   "#include <ntddk.h>\n"
			   "#define GUARDED(body) do { body } while (0)\n"
			   "DRIVER_INITIALIZE DriverEntry;\n"
			   "NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
			   "{\n"
			   "    d->DriverUnload = NULL;\n"
			   "    GUARDED(if (r == NULL) return STATUS_UNSUCCESSFUL;);\n"
			   "#if 0\n"
			   "    return STATUS_UNSUCCESSFUL;\n"
			   "#endif\n"
			   "    return STATUS_SUCCESS;\n"
			   "}\n", 0));
	char *out, *err;
	run_program(dir, "check --fail-on none --unanalyzable note --select DE009 .", &out, &err);
	ck_assert_msg(!strstr(out, "[DE009]"), "%s", out);
	ck_assert_msg(!strstr(err, "ok/driver.c:4:10: note: DriverEntry cannot be analyzed"), "%s", err);
	if (strstr(err, "drv/driver.c:5:10: note: DriverEntry cannot be analyzed"))
		ck_assert_msg(strstr(err, "(12:5: clang left this return statement out") != NULL, "%s", err);
	free(out);
	free(err);
	remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(encodings_keep_lines_and_columns)
{
	/* CRLF */
	check_single("crlf.c", wdm_body, 3, "wdm");

	/* UTF-8 with BOM, DriverEntry on line 1 so a column shift would show. */
	struct fixture f;
	const char *bom[] = { "bom.c",
			      "\xEF\xBB\xBFNTSTATUS DriverEntry(void *d, void *r) { return 0; }\n", NULL };
	analyze_files(&f, bom);
	const struct entry_point *e = entry_in(&f.result, "bom.c");
	ck_assert_ptr_nonnull(e);
	ck_assert_uint_eq(e->line, 1);
	ck_assert_uint_eq(e->column, 10);
	fixture_release(&f);

	/* UTF-16LE with BOM */
	size_t n = strlen(wdm_body);
	char *utf16 = xcalloc(2 * n + 2, 1);
	utf16[0] = (char)0xFF;
	utf16[1] = (char)0xFE;
	for (size_t i = 0; i < n; i++)
		utf16[2 + 2 * i] = wdm_body[i];
	char *dir = scratch_dir();
	free(scratch_write(dir, "utf16.c", utf16, 2 * n + 2));
	struct run_result r;
	analyze(dir, NULL, &r);
	e = entry_in(&r, "utf16.c");
	ck_assert_ptr_nonnull(e);
	ck_assert(e->analyzable);
	ck_assert_uint_eq(e->line, 3);
	ck_assert_uint_eq(e->column, 10);
	run_result_release(&r);
	remove_tree(dir);
	free(dir);
	free(utf16);
}
END_TEST

START_TEST(binary_and_missing_inputs_are_reported_not_skipped)
{
	struct fixture f;
	const char *files[] = { "good.c", wdm_body, NULL };
	analyze_files(&f, files);
	run_result_release(&f.result);
	const char elf[] = "\x7F" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0";
	free(scratch_write(f.dir, "blob.c", elf, sizeof(elf)));
	f.rc = analyze(f.dir, NULL, &f.result);
	ck_assert_int_eq(f.rc, 1);
	ck_assert_uint_eq(f.result.stats.files, 2);
	ck_assert_uint_eq(f.result.stats.parsed, 1);
	ck_assert(has_problem(&f.result, PROBLEM_ERROR, "binary file"));
	expect_entry(&f, "good.c", 3, "wdm");
	fixture_release(&f);
}
END_TEST

START_TEST(model_override_replaces_classification)
{
	char *dir = scratch_dir();
	free(scratch_write(dir, "x.c", wdm_body, 0));
	struct run_options opts = { .use_pch = 1 };
	strvec_push(&opts.paths, dir);
	char *bad = NULL;
	ck_assert_int_eq(model_set_parse("storage-filter,wdm", &opts.model_override, &bad), 0);
	struct run_result r;
	run_analysis(&opts, &r);
	char *m = models_text(&r.entries.items[0]);
	ck_assert_str_eq(m, "wdm,storage-filter");
	ck_assert_int_eq(model_set_parse("wdm,nosuch", &opts.model_override, &bad), -1);
	ck_assert_str_eq(bad, "nosuch");
	free(bad);
	free(m);
	run_result_release(&r);
	run_options_release(&opts);
	remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(pch_and_no_pch_agree)
{
	char *dir = scratch_dir();
	free(scratch_write(dir, "x.c", wdm_body, 0));
	struct run_options opts = { .use_pch = 0 };
	strvec_push(&opts.paths, dir);
	struct run_result with, without;
	run_analysis(&opts, &without);
	opts.use_pch = 1;
	run_analysis(&opts, &with);
	ck_assert_uint_eq(with.stats.with_pch, 1);
	ck_assert_uint_eq(without.stats.with_pch, 0);
	ck_assert_uint_eq(with.entries.len, 1);
	ck_assert_uint_eq(without.entries.len, 1);
	ck_assert_uint_eq(with.entries.items[0].models, without.entries.items[0].models);
	ck_assert_uint_eq(with.entries.items[0].line, without.entries.items[0].line);
	run_result_release(&with);
	run_result_release(&without);
	run_options_release(&opts);
	remove_tree(dir);
	free(dir);

	/* Without the precompiled prelude the file still reads the prelude, so
	 * what is assumed for a missing header is the same: in C++, a member
	 * whose address InsertTailList takes is a LIST_ENTRY only if the
	 * assumed declarations can name the kit's types. */
	dir = scratch_dir();
	free(scratch_write(dir, "drv.cpp",
			   "#include <ntddk.h>\n#include \"requests_missing.h\"\n"
			   "static LIST_ENTRY Pending;\n"
			   "extern \"C\" NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
			   "{\n    UNREFERENCED_PARAMETER(d);\n    UNREFERENCED_PARAMETER(r);\n"
			   "    InitializeListHead(&Pending);\n"
			   "    PMY_REQUEST req = (PMY_REQUEST)ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, 'qeRM');\n"
			   "    if (req == NULL)\n        return STATUS_INSUFFICIENT_RESOURCES;\n"
			   "    InsertTailList(&Pending, &req->Link);\n    return STATUS_SUCCESS;\n}\n", 0));
	opts = (struct run_options){ .use_pch = 0 };
	strvec_push(&opts.paths, dir);
	run_analysis(&opts, &without);
	opts.use_pch = 1;
	run_analysis(&opts, &with);
	ck_assert_uint_eq(with.entries.len, 1);
	ck_assert_uint_eq(without.entries.len, 1);
	ck_assert(with.entries.items[0].analyzable && without.entries.items[0].analyzable);
	ck_assert_uint_eq(with.entries.items[0].assumed.len, without.entries.items[0].assumed.len);
	for (size_t i = 0; i < with.entries.items[0].assumed.len; i++)
		ck_assert_str_eq(with.entries.items[0].assumed.items[i], without.entries.items[0].assumed.items[i]);
	ck_assert(!has_problem(&with, PROBLEM_WARNING, "clang reported"));
	ck_assert_msg(!has_problem(&without, PROBLEM_WARNING, "clang reported"), "without the PCH: clang errors");
	run_result_release(&with);
	run_result_release(&without);
	run_options_release(&opts);
	remove_tree(dir);
	free(dir);
}
END_TEST

/* The text scan that decides which files define what DriverEntry reaches
 * reads C++ definitions past their parameters: qualifiers, noexcept, an
 * attribute and a trailing return type; declarations stay declarations. */
START_TEST(definitions_with_a_cplusplus_declarator_tail_are_seen_in_the_text)
{
	const char *text = "auto Start(PVOID p) -> NTSTATUS { return 0; }\n"
			   "auto Stop() noexcept -> void\n{ }\n"
			   "auto Name() const noexcept(true) -> const ns::Table<int> * { return nullptr; }\n"
			   "int Count() & [[nodiscard]] { return 1; }\n"
			   "auto Declared(int) -> NTSTATUS;\n"
			   "auto Deleted() -> int = delete;\n"
			   "void Plain(int x) bogus { }\n";
	struct written_file w;
	written_scan(text, NULL, &w);
	ck_assert(strvec_contains(&w.defines, "Start"));
	ck_assert(strvec_contains(&w.defines, "Stop"));
	ck_assert(strvec_contains(&w.defines, "Name"));
	ck_assert(strvec_contains(&w.defines, "Count"));
	ck_assert(!strvec_contains(&w.defines, "Declared"));
	ck_assert(!strvec_contains(&w.defines, "Deleted"));
	ck_assert(!strvec_contains(&w.defines, "Plain"));
	written_file_release(&w);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("discovery");
	TCase *tc = tcase_create("discovery");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, wdm_with_role_type_sal_seh_and_alloc_text);
	tcase_add_test(tc, function_class_annotation_on_the_definition);
	tcase_add_test(tc, cplusplus_with_and_without_extern_c);
	tcase_add_test(tc, only_the_active_variant_under_ifdef);
	tcase_add_test(tc, malformed_code_makes_driver_entry_not_analyzable);
	suite_add_tcase(s, tc);
	tc = tcase_create("classification");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, minifilter_through_a_helper_in_another_file);
	tcase_add_test(tc, kmdf_and_umdf);
	tcase_add_test(tc, port_miniports_with_their_own_signatures);
	tcase_add_test(tc, ndis_drivers);
	tcase_add_test(tc, storage_class_and_filter);
	tcase_add_test(tc, model_override_replaces_classification);
	suite_add_tcase(s, tc);
	tc = tcase_create("front end");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, missing_tmh_is_a_note_and_wpp_calls_stay_calls);
	tcase_add_test(tc, missing_header_differing_in_case_is_found);
	tcase_add_test(tc, relative_windows_include_in_another_case_is_read);
	tcase_add_test(tc, includes_clang_resolves_or_skips_get_no_note);
	tcase_add_test(tc, header_elsewhere_in_the_tree_is_the_nearest_one);
	tcase_add_test(tc, equally_near_headers_are_not_guessed);
	tcase_add_test(tc, windows_header_in_another_case_stays_a_system_header);
	tcase_add_test(tc, header_found_by_case_keeps_its_role_types);
	tcase_add_test(tc, names_no_header_declares_are_assumed_and_the_entry_is_degraded);
	tcase_add_test(tc, cplusplus_calls_to_undeclared_functions_are_assumed);
	tcase_add_test(tc, a_type_of_the_drivers_header_is_not_assumed_for_a_class_method);
	tcase_add_test(tc, members_of_assumed_structures_are_assumed_too);
	tcase_add_test(tc, uses_of_names_of_a_missing_header_shape_what_is_assumed);
	tcase_add_test(tc, cplusplus_uses_of_names_of_a_missing_header_shape_what_is_assumed);
	tcase_add_test(tc, cplusplus_pointer_type_of_a_missing_header_points_to_the_named_structure);
	tcase_add_test(tc, cplusplus_stand_in_leaves_comparisons_of_known_types_alone);
	tcase_add_test(tc, declarations_after_directives_and_comments_are_read_as_declarations);
	tcase_add_test(tc, assumed_types_and_routines_are_revised_by_their_later_uses);
	tcase_add_test(tc, declaration_shapes_of_kit_headers_the_model_lacks);
	tcase_add_test(tc, cplusplus_classes_of_a_missing_header_take_their_routines_and_objects);
	tcase_add_test(tc, a_file_whose_driver_header_is_missing_is_read_as_kernel_code);
	tcase_add_test(tc, a_file_of_sal_annotated_routines_whose_driver_header_is_missing);
	tcase_add_test(tc, a_routine_ending_in_a_macro_of_a_missing_header_is_not_judged_to_fall_off);
	tcase_add_test(tc, a_finding_past_a_call_no_header_declares_says_it_rests_on_a_guess);
	tcase_add_test(tc, declaration_rules_do_not_judge_what_a_missing_header_declares);
	tcase_add_test(tc, status_codes_of_a_missing_header_are_failures_unless_named_success);
	tcase_add_test(tc, definitions_with_a_cplusplus_declarator_tail_are_seen_in_the_text);
	tcase_add_test(tc, paths_through_a_macro_of_a_missing_header_are_not_judged);
	tcase_add_test(tc, declarations_written_with_macros_are_read_where_written);
	tcase_add_test(tc, declaration_rules_judge_past_routines_and_constants_the_model_lacks);
	tcase_add_test(tc, a_return_clang_left_out_makes_driver_entry_not_analyzable);
	tcase_add_test(tc, encodings_keep_lines_and_columns);
	tcase_add_test(tc, binary_and_missing_inputs_are_reported_not_skipped);
	tcase_add_test(tc, pch_and_no_pch_agree);
	tcase_add_test(tc, another_drivers_helper_is_not_followed);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
