/*++

    driver.c - registration, DriverEntry and unload.

--*/
#include "rgshield.h"

RG_GLOBALS g_Rg;

static NTSTATUS
RgInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    );

static NTSTATUS
RgInstanceQueryTeardown(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, RgUnload)
#pragma alloc_text(PAGE, RgInstanceSetup)
#pragma alloc_text(PAGE, RgInstanceQueryTeardown)
#endif

static const FLT_CONTEXT_REGISTRATION ContextRegistration[] = {
    { FLT_STREAM_CONTEXT, 0, RgStreamContextCleanup, sizeof(RG_STREAM_CONTEXT), RG_CONTEXT_TAG },
    { FLT_CONTEXT_END }
};

static const FLT_OPERATION_REGISTRATION Callbacks[] = {
    { IRP_MJ_CREATE,          0,                                  RgPreCreate,         RgPostCreate },
    { IRP_MJ_WRITE,           FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, RgPreWrite, NULL },
    { IRP_MJ_SET_INFORMATION, 0,                                  RgPreSetInformation, NULL },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    ContextRegistration,
    Callbacks,
    RgUnload,
    RgInstanceSetup,
    RgInstanceQueryTeardown,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL
};

static NTSTATUS
RgInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);

    PAGED_CODE();

    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    switch (VolumeFilesystemType) {
    case FLT_FSTYPE_NTFS:
    case FLT_FSTYPE_REFS:
    case FLT_FSTYPE_FAT:
    case FLT_FSTYPE_EXFAT:
        return STATUS_SUCCESS;
    default:
        return STATUS_FLT_DO_NOT_ATTACH;
    }
}

static NTSTATUS
RgInstanceQueryTeardown(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();
    return STATUS_SUCCESS;
}

static ULONG
RgReadThreshold(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"Threshold");
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    HANDLE key;
    ULONG length;
    ULONG threshold = RG_DEFAULT_THRESHOLD;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    if (NT_SUCCESS(ZwOpenKey(&key, KEY_READ, &oa))) {
        if (NT_SUCCESS(ZwQueryValueKey(key, &name, KeyValuePartialInformation,
                                       info, sizeof(buffer), &length)) &&
            info->Type == REG_DWORD && info->DataLength == sizeof(ULONG)) {
            threshold = *(PULONG)info->Data;
        }
        ZwClose(key);
    }
    return (threshold != 0) ? threshold : RG_DEFAULT_THRESHOLD;
}

static NTSTATUS
RgInitializeGlobals(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    RtlZeroMemory(&g_Rg, sizeof(g_Rg));

    status = ExInitializeResourceLite(&g_Rg.ProcessLock);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    InitializeListHead(&g_Rg.Processes);
    ExInitializeNPagedLookasideList(&g_Rg.ProcessLookaside, NULL, NULL,
                                    POOL_NX_ALLOCATION, sizeof(RG_PROCESS), RG_TAG, 0);
    g_Rg.GlobalsInitialized = TRUE;

    g_Rg.Threshold = RgReadThreshold(RegistryPath);
    return STATUS_SUCCESS;
}

static VOID
RgFreeGlobals(
    VOID
    )
{
    if (!g_Rg.GlobalsInitialized) {
        return;
    }
    RgFreeProcessList();
    ExDeleteNPagedLookasideList(&g_Rg.ProcessLookaside);
    ExDeleteResourceLite(&g_Rg.ProcessLock);
    g_Rg.GlobalsInitialized = FALSE;
}

NTSTATUS
RgUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    RgDbg("unload%s", "");

    RgCommShutdown();
    FltUnregisterFilter(g_Rg.Filter);
    g_Rg.Filter = NULL;
    RgFreeGlobals();
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    status = RgInitializeGlobals(RegistryPath);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FltRegisterFilter(DriverObject, &FilterRegistration, &g_Rg.Filter);
    if (!NT_SUCCESS(status)) {
        RgDbg("FltRegisterFilter failed 0x%08X", status);
        RgFreeGlobals();
        return status;
    }

    status = RgCommInitialize(g_Rg.Filter);
    if (!NT_SUCCESS(status)) {
        RgDbg("communication port failed 0x%08X", status);
        FltUnregisterFilter(g_Rg.Filter);
        g_Rg.Filter = NULL;
        RgFreeGlobals();
        return status;
    }

    status = FltStartFiltering(g_Rg.Filter);
    if (!NT_SUCCESS(status)) {
        RgDbg("FltStartFiltering failed 0x%08X", status);
        RgCommShutdown();
        RgFreeGlobals();
        return status;
    }

    RgDbg("running, threshold %lu", g_Rg.Threshold);
    return STATUS_SUCCESS;
}
