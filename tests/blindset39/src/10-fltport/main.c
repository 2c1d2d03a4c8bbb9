/*
 * main.c - FltPortWatch: tells a user-mode client when a file is first
 * opened for writing. Registration, setup and unload live here.
 */
#include "fltport.h"

DRIVER_INITIALIZE DriverEntry;

static NTSTATUS FLTAPI FpUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static NTSTATUS FLTAPI FpInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                                       _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                                       _In_ DEVICE_TYPE VolumeDeviceType,
                                       _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, FpUnload)
#pragma alloc_text(PAGE, FpInstanceSetup)
#endif

ULONG gTraceFlags = FP_TRACE_ERROR | FP_TRACE_INFO;
FP_GLOBALS g_Fp;

static const FLT_OPERATION_REGISTRATION FpCallbacks[] = {
    { IRP_MJ_CREATE,  0, NULL,         FpPostCreate },
    { IRP_MJ_CLEANUP, 0, FpPreCleanup, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION FpRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    FpContextRegistration,
    FpCallbacks,
    FpUnload,
    FpInstanceSetup,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL
};

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Fp, sizeof(g_Fp));

    status = FltRegisterFilter(DriverObject, &FpRegistration, &g_Fp.Filter);
    if (!NT_SUCCESS(status)) {
        FP_PRINT(FP_TRACE_ERROR, "FltRegisterFilter 0x%08X\n", status);
        return status;
    }

    status = FpCreatePort();
    if (!NT_SUCCESS(status))
        goto unregister;

    status = FltStartFiltering(g_Fp.Filter);
    if (!NT_SUCCESS(status)) {
        FP_PRINT(FP_TRACE_ERROR, "FltStartFiltering 0x%08X\n", status);
        goto close_port;
    }

    FP_PRINT(FP_TRACE_INFO, "started\n");
    return STATUS_SUCCESS;

close_port:
    FpClosePort();
unregister:
    FltUnregisterFilter(g_Fp.Filter);
    g_Fp.Filter = NULL;
    return status;
}

static NTSTATUS FLTAPI
FpUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    /* server port must go before FltUnregisterFilter or unload hangs */
    FpClosePort();
    FltUnregisterFilter(g_Fp.Filter);
    g_Fp.Filter = NULL;

    FP_PRINT(FP_TRACE_INFO, "unloaded\n");
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
FpInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    if (VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM)
        return STATUS_FLT_DO_NOT_ATTACH;

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
