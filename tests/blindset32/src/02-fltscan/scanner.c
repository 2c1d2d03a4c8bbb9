#include "scanner.h"

DRIVER_INITIALIZE DriverEntry;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, ScanUnload)
#pragma alloc_text(PAGE, ScanInstanceSetup)
#pragma alloc_text(PAGE, ScanQueryTeardown)
#endif

SCANNER_DATA ScannerData;

static const FLT_OPERATION_REGISTRATION Callbacks[] = {
    { IRP_MJ_CREATE, 0, ScanPreCreate, ScanPostCreate },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION),           //  Size
    FLT_REGISTRATION_VERSION,           //  Version
    0,                                  //  Flags
    NULL,                               //  Context
    Callbacks,                          //  Operation callbacks
    ScanUnload,                         //  FilterUnload
    ScanInstanceSetup,                  //  InstanceSetup
    ScanQueryTeardown,                  //  InstanceQueryTeardown
    NULL,                               //  InstanceTeardownStart
    NULL,                               //  InstanceTeardownComplete
    NULL,                               //  GenerateFileName
    NULL,                               //  NormalizeNameComponent
    NULL                                //  NormalizeContextCleanup
};

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING portName;
    PSECURITY_DESCRIPTOR sd = NULL;

    ExInitializeDriverRuntime(DrvRtPoolNxOptIn);

    RtlZeroMemory(&ScannerData, sizeof(ScannerData));
    ScannerData.DriverObject = DriverObject;

    status = ScanLoadExtensions(RegistryPath);
    if (!NT_SUCCESS(status)) {
        SCAN_DBG("ScanLoadExtensions failed 0x%x\n", status);
        return status;
    }

    status = FltRegisterFilter(DriverObject, &FilterRegistration, &ScannerData.Filter);
    if (!NT_SUCCESS(status)) {
        ScanFreeExtensions();
        return status;
    }

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        goto Cleanup;
    }

    RtlInitUnicodeString(&portName, SCANNER_PORT_NAME);
    InitializeObjectAttributes(&oa,
                               &portName,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL,
                               sd);

    status = FltCreateCommunicationPort(ScannerData.Filter,
                                        &ScannerData.ServerPort,
                                        &oa,
                                        NULL,
                                        ScanPortConnect,
                                        ScanPortDisconnect,
                                        NULL,
                                        1);
    if (!NT_SUCCESS(status)) {
        SCAN_DBG("FltCreateCommunicationPort failed 0x%x\n", status);
        goto Cleanup;
    }

    FltFreeSecurityDescriptor(sd);

    status = FltStartFiltering(ScannerData.Filter);
    if (NT_SUCCESS(status)) {
        SCAN_DBG("filtering started, %lu extensions\n", ScannerData.ExtensionCount);
        return STATUS_SUCCESS;
    }

    FltCloseCommunicationPort(ScannerData.ServerPort);

Cleanup:
    FltUnregisterFilter(ScannerData.Filter);
    ScanFreeExtensions();
    return status;
}

NTSTATUS
ScanUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    SCAN_DBG("unloading\n");

    FltUnregisterFilter(ScannerData.Filter);
    FltCloseCommunicationPort(ScannerData.ServerPort);

    ScanFreeExtensions();
    return STATUS_SUCCESS;
}

NTSTATUS
ScanInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(VolumeFilesystemType);
    PAGED_CODE();

    // no network volumes, the lab VM only has local NTFS
    if (VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return STATUS_SUCCESS;
}

NTSTATUS
ScanQueryTeardown(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();
    return STATUS_SUCCESS;
}
