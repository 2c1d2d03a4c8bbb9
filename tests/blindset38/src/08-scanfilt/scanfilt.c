/*++
    scanfilt.c - registration, DriverEntry, unload, instance callbacks
--*/
#include "scanfilt.h"

SCANFILT_GLOBALS g_Sc = { 0 };

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, ScUnload)
#pragma alloc_text(PAGE, ScInstanceSetup)
#pragma alloc_text(PAGE, ScQueryTeardown)
#endif

CONST FLT_OPERATION_REGISTRATION Callbacks[] = {
    { IRP_MJ_CREATE, 0, ScPreCreate, NULL },
    { IRP_MJ_OPERATION_END }
};

CONST FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION),           //  Size
    FLT_REGISTRATION_VERSION,           //  Version
    0,                                  //  Flags
    NULL,                               //  Context
    Callbacks,                          //  Operation callbacks
    ScUnload,                           //  FilterUnload
    ScInstanceSetup,                    //  InstanceSetup
    ScQueryTeardown,                    //  InstanceQueryTeardown
    NULL,                               //  InstanceTeardownStart
    NULL,                               //  InstanceTeardownComplete
    NULL,                               //  GenerateFileName
    NULL,                               //  NormalizeNameComponent
    NULL                                //  NormalizeContextCleanup
};

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    ExInitializeDriverRuntime(DrvRtPoolNxOptIn);

    g_Sc.DriverObject = DriverObject;

    status = FltRegisterFilter(DriverObject, &FilterRegistration, &g_Sc.Filter);
    if (!NT_SUCCESS(status)) {
        SC_DBG("FltRegisterFilter 0x%08x\n", status);
        return status;
    }

    status = ScCreatePort(g_Sc.Filter, &g_Sc.ServerPort);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(g_Sc.Filter);
        return status;
    }

    status = FltStartFiltering(g_Sc.Filter);
    if (!NT_SUCCESS(status)) {
        SC_DBG("FltStartFiltering 0x%08x\n", status);
        FltCloseCommunicationPort(g_Sc.ServerPort);
        FltUnregisterFilter(g_Sc.Filter);
        return status;
    }

    SC_DBG("running\n");
    return STATUS_SUCCESS;
}

NTSTATUS
ScUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    SC_DBG("unload: scanned %ld, blocked %ld\n", g_Sc.Scanned, g_Sc.Blocked);

    FltUnregisterFilter(g_Sc.Filter);
    FltCloseCommunicationPort(g_Sc.ServerPort);

    g_Sc.Filter     = NULL;
    g_Sc.ServerPort = NULL;
    return STATUS_SUCCESS;
}

NTSTATUS
ScInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    // local disks only
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

NTSTATUS
ScQueryTeardown(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    return STATUS_SUCCESS;
}
