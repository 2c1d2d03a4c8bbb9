/* SPDX-License-Identifier: Apache-2.0 */
/* Finding and classifying DriverEntry in small drivers written on the fly:
 * role types, SAL, SEH and alloc_text, C++ linkage, the active #ifdef
 * variant, each driver model's signature and shape, helpers followed into
 * other files of the same driver only, and the model an override names. */
#include <stdlib.h>
#include <string.h>

#include "facts/textscan.h"
#include "testutil.h"
#include "base/strvec.h"
#include "base/path.h"

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

START_TEST(model_override_replaces_classification)
{
	char *dir = scratch_dir();
	free(scratch_write(dir, "x.c", wdm_body, 0));
	struct run_options opts = { .use_pch = 1 };
	strvec_push(&opts.paths, dir);
	char *bad = NULL;
	ck_assert_int_eq(driver_model_set_parse("storage-filter,wdm", &opts.model_override, &bad), 0);
	struct run_result r;
	run_analysis(&opts, &r);
	char *m = models_text(&r.entries.items[0]);
	ck_assert_str_eq(m, "wdm,storage-filter");
	ck_assert_int_eq(driver_model_set_parse("wdm,nosuch", &opts.model_override, &bad), -1);
	ck_assert_str_eq(bad, "nosuch");
	free(bad);
	free(m);
	run_result_release(&r);
	run_options_release(&opts);
	path_remove_tree(dir);
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
	struct textscan w;
	textscan_file(text, NULL, &w);
	ck_assert(strvec_contains(&w.defines, "Start"));
	ck_assert(strvec_contains(&w.defines, "Stop"));
	ck_assert(strvec_contains(&w.defines, "Name"));
	ck_assert(strvec_contains(&w.defines, "Count"));
	ck_assert(!strvec_contains(&w.defines, "Declared"));
	ck_assert(!strvec_contains(&w.defines, "Deleted"));
	ck_assert(!strvec_contains(&w.defines, "Plain"));
	textscan_release(&w);
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
	tcase_add_test(tc, minifilter_through_a_helper_in_another_file);
	tcase_add_test(tc, another_drivers_helper_is_not_followed);
	tcase_add_test(tc, kmdf_and_umdf);
	tcase_add_test(tc, port_miniports_with_their_own_signatures);
	tcase_add_test(tc, ndis_drivers);
	tcase_add_test(tc, storage_class_and_filter);
	tcase_add_test(tc, model_override_replaces_classification);
	tcase_add_test(tc, definitions_with_a_cplusplus_declarator_tail_are_seen_in_the_text);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
