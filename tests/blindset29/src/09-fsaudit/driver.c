// driver.c - DriverEntry, registration and unload for the fsaudit minifilter.

#include "fsaudit.h"

FSA_GLOBALS g_Fsa;

DRIVER_INITIALIZE DriverEntry;

static NTSTATUS FLTAPI
FsaUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);

static NTSTATUS FLTAPI
FsaInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                 _In_ DEVICE_TYPE VolumeDeviceType, _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, FsaUnload)
#pragma alloc_text(PAGE, FsaInstanceSetup)
#endif

static const FLT_CONTEXT_REGISTRATION g_FsaContexts[] = {
    { FLT_STREAMHANDLE_CONTEXT, 0, NULL, sizeof(FSA_HANDLE_CONTEXT), FSA_CONTEXT_TAG },
    { FLT_CONTEXT_END }
};

static const FLT_OPERATION_REGISTRATION g_FsaOperations[] = {
    { IRP_MJ_CREATE,          0, NULL,                 FsaPostCreate },
    { IRP_MJ_WRITE,           0, FsaPreWrite,          NULL },
    { IRP_MJ_SET_INFORMATION, 0, FsaPreSetInformation, NULL },
    { IRP_MJ_CLEANUP,         0, FsaPreCleanup,        NULL },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION g_FsaRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                          // Flags
    g_FsaContexts,              // ContextRegistration
    g_FsaOperations,            // OperationRegistration
    FsaUnload,                  // FilterUnloadCallback
    FsaInstanceSetup,           // InstanceSetupCallback
    NULL,                       // InstanceQueryTeardownCallback
    NULL,                       // InstanceTeardownStartCallback
    NULL,                       // InstanceTeardownCompleteCallback
    NULL,                       // GenerateFileNameCallback
    NULL,                       // NormalizeNameComponentCallback
    NULL                        // NormalizeContextCleanupCallback
};

static NTSTATUS FLTAPI
FsaInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(VolumeDeviceType);

    PAGED_CODE();

    if (VolumeFilesystemType == FLT_FSTYPE_RAW) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
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

    RtlZeroMemory(&g_Fsa, sizeof(g_Fsa));
    FltInitializePushLock(&g_Fsa.PortLock);
    g_Fsa.AuditMask = FSA_EVENT_DEFAULT;

    status = ExInitializeLookasideListEx(&g_Fsa.RecordPool,
                                         NULL,
                                         NULL,
                                         NonPagedPoolNx,
                                         0,
                                         sizeof(FSA_RECORD),
                                         FSA_RECORD_TAG,
                                         0);
    if (!NT_SUCCESS(status)) {
        FltDeletePushLock(&g_Fsa.PortLock);
        return status;
    }

    status = FltRegisterFilter(DriverObject, &g_FsaRegistration, &g_Fsa.Filter);
    if (!NT_SUCCESS(status)) {
        goto CleanupLookaside;
    }

    status = FsaCreateServerPort(g_Fsa.Filter);
    if (!NT_SUCCESS(status)) {
        goto CleanupFilter;
    }

    status = FltStartFiltering(g_Fsa.Filter);
    if (!NT_SUCCESS(status)) {
        goto CleanupPort;
    }

    return STATUS_SUCCESS;

CleanupPort:
    FltCloseCommunicationPort(g_Fsa.ServerPort);
    g_Fsa.ServerPort = NULL;

CleanupFilter:
    FltUnregisterFilter(g_Fsa.Filter);
    g_Fsa.Filter = NULL;

CleanupLookaside:
    ExDeleteLookasideListEx(&g_Fsa.RecordPool);
    FltDeletePushLock(&g_Fsa.PortLock);
    return status;
}

static NTSTATUS FLTAPI
FsaUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);

    PAGED_CODE();

    //
    // Close the server port first so no new client can connect, then
    // unregister: FltUnregisterFilter waits for every outstanding callback
    // and tears down the stream handle contexts. Only after that is it safe
    // to destroy the record lookaside list used by those callbacks.
    //
    FltCloseCommunicationPort(g_Fsa.ServerPort);
    g_Fsa.ServerPort = NULL;

    FltUnregisterFilter(g_Fsa.Filter);
    g_Fsa.Filter = NULL;

    ExDeleteLookasideListEx(&g_Fsa.RecordPool);
    FltDeletePushLock(&g_Fsa.PortLock);

    return STATUS_SUCCESS;
}
