/*
 * driver.c - registration, DriverEntry and unload
 */
#include "rguard.h"

DRIVER_INITIALIZE DriverEntry;

static NTSTATUS RgUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static NTSTATUS RgInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                                _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                                _In_ DEVICE_TYPE VolumeDeviceType,
                                _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);
static NTSTATUS RgInstanceQueryTeardown(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                                        _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, RgUnload)
#pragma alloc_text(PAGE, RgInstanceSetup)
#pragma alloc_text(PAGE, RgInstanceQueryTeardown)
#endif

RG_GLOBALS g_Rg;

static const FLT_OPERATION_REGISTRATION Callbacks[] = {
    { IRP_MJ_WRITE, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, RgPreWrite, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION),           /* Size */
    FLT_REGISTRATION_VERSION,           /* Version */
    0,                                  /* Flags */
    NULL,                               /* ContextRegistration */
    Callbacks,                          /* OperationRegistration */
    RgUnload,                           /* FilterUnloadCallback */
    RgInstanceSetup,                    /* InstanceSetupCallback */
    RgInstanceQueryTeardown,            /* InstanceQueryTeardownCallback */
    NULL,                               /* InstanceTeardownStartCallback */
    NULL,                               /* InstanceTeardownCompleteCallback */
    NULL,                               /* GenerateFileNameCallback */
    NULL,                               /* NormalizeNameComponentCallback */
    NULL                                /* NormalizeContextCleanupCallback */
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

    /* only local disks with NTFS/ReFS, no network shares */
    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    if (VolumeFilesystemType != FLT_FSTYPE_NTFS && VolumeFilesystemType != FLT_FSTYPE_REFS) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return STATUS_SUCCESS;
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

static NTSTATUS
RgUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    RG_DBG("unloading");

    FltUnregisterFilter(g_Rg.Filter);
    RgPortShutdown();

    g_Rg.Filter = NULL;
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING portName;

    UNREFERENCED_PARAMETER(RegistryPath);

    ExInitializeDriverRuntime(DrvRtPoolNxOptIn);

    RtlZeroMemory(&g_Rg, sizeof(g_Rg));
    FltInitializePushLock(&g_Rg.ClientLock);

    status = FltRegisterFilter(DriverObject, &FilterRegistration, &g_Rg.Filter);
    if (!NT_SUCCESS(status)) {
        RG_ERR("FltRegisterFilter failed 0x%08x", status);
        return status;
    }

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        RG_ERR("FltBuildDefaultSecurityDescriptor failed 0x%08x", status);
        goto Cleanup;
    }

    RtlInitUnicodeString(&portName, RG_PORT_NAME);
    InitializeObjectAttributes(&oa, &portName, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, sd);

    status = FltCreateCommunicationPort(g_Rg.Filter,
                                        &g_Rg.ServerPort,
                                        &oa,
                                        NULL,
                                        RgPortConnect,
                                        RgPortDisconnect,
                                        RgPortMessage,
                                        1);
    FltFreeSecurityDescriptor(sd);
    if (!NT_SUCCESS(status)) {
        RG_ERR("FltCreateCommunicationPort failed 0x%08x", status);
        goto Cleanup;
    }

    status = FltStartFiltering(g_Rg.Filter);
    if (!NT_SUCCESS(status)) {
        RG_ERR("FltStartFiltering failed 0x%08x", status);
        goto Cleanup;
    }

    RG_DBG("started");
    return STATUS_SUCCESS;

Cleanup:
    if (sd != NULL) {
        FltFreeSecurityDescriptor(sd);
    }
    if (g_Rg.ServerPort != NULL) {
        FltCloseCommunicationPort(g_Rg.ServerPort);
        g_Rg.ServerPort = NULL;
    }
    FltUnregisterFilter(g_Rg.Filter);
    g_Rg.Filter = NULL;
    return status;
}
