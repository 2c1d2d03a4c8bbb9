#include "fsblock.h"

FSB_GLOBALS g_Fsb;

DRIVER_INITIALIZE DriverEntry;
static NTSTATUS FLTAPI FsbUnload(FLT_FILTER_UNLOAD_FLAGS Flags);
static NTSTATUS FLTAPI FsbInstanceSetup(PCFLT_RELATED_OBJECTS, FLT_INSTANCE_SETUP_FLAGS, DEVICE_TYPE, FLT_FILESYSTEM_TYPE);
static NTSTATUS FLTAPI FsbQueryTeardown(PCFLT_RELATED_OBJECTS, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS);

static const FLT_OPERATION_REGISTRATION g_Callbacks[] = {
    { IRP_MJ_CREATE,          0, FsbPreCreate,         NULL },
    { IRP_MJ_WRITE,           0, FsbPreWrite,          NULL },
    { IRP_MJ_SET_INFORMATION, 0, FsbPreSetInformation, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION g_FilterRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                          // Flags
    NULL,                       // Context
    g_Callbacks,                // Operation callbacks
    FsbUnload,                  // FilterUnload
    FsbInstanceSetup,           // InstanceSetup
    FsbQueryTeardown,           // InstanceQueryTeardown
    NULL,                       // InstanceTeardownStart
    NULL,                       // InstanceTeardownComplete
    NULL, NULL, NULL            // name provider callbacks
};

static NTSTATUS FLTAPI
FsbInstanceSetup(
    PCFLT_RELATED_OBJECTS FltObjects,
    FLT_INSTANCE_SETUP_FLAGS Flags,
    DEVICE_TYPE VolumeDeviceType,
    FLT_FILESYSTEM_TYPE VolumeFilesystemType
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);

    // only local disks, no point protecting network shares from here
    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    if (VolumeFilesystemType != FLT_FSTYPE_NTFS && VolumeFilesystemType != FLT_FSTYPE_REFS) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
FsbQueryTeardown(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
FsbUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);

    FSB_DBG("unloading, %ld operations blocked", g_Fsb.Blocked);

    FltCloseCommunicationPort(g_Fsb.ServerPort);
    FltUnregisterFilter(g_Fsb.Filter);
    FltDeletePushLock(&g_Fsb.TrustLock);
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Fsb, sizeof(g_Fsb));
    FltInitializePushLock(&g_Fsb.TrustLock);
    g_Fsb.Enabled = 1;

    status = FltRegisterFilter(DriverObject, &g_FilterRegistration, &g_Fsb.Filter);
    if (!NT_SUCCESS(status)) {
        FSB_ERR("FltRegisterFilter failed 0x%08X", status);
        FltDeletePushLock(&g_Fsb.TrustLock);
        return status;
    }

    status = FsbCreatePort();
    CHECK_STATUS(status, "FsbCreatePort");

    status = FltStartFiltering(g_Fsb.Filter);
    CHECK_STATUS(status, "FltStartFiltering");

    FSB_DBG("filtering started");
    return STATUS_SUCCESS;

Cleanup:
    if (g_Fsb.ServerPort != NULL) {
        FltCloseCommunicationPort(g_Fsb.ServerPort);
        g_Fsb.ServerPort = NULL;
    }
    FltDeletePushLock(&g_Fsb.TrustLock);
    return status;
}
