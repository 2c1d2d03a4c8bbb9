/*
 * driver.c - ScanGuard on-access scanner, filter registration and callbacks
 */
#include "scanguard.h"

SG_GLOBALS g_Sg;

DRIVER_INITIALIZE DriverEntry;

NTSTATUS SgUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);

NTSTATUS SgInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                         _In_ DEVICE_TYPE VolumeDeviceType, _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);
NTSTATUS SgQueryTeardown(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);

FLT_PREOP_CALLBACK_STATUS SgPreCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                      _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);
FLT_POSTOP_CALLBACK_STATUS SgPostCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                        _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags);
FLT_PREOP_CALLBACK_STATUS SgPreCleanup(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                       _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, SgUnload)
#pragma alloc_text(PAGE, SgInstanceSetup)
#pragma alloc_text(PAGE, SgQueryTeardown)
#endif

static const FLT_CONTEXT_REGISTRATION g_SgContexts[] = {
    { FLT_STREAMHANDLE_CONTEXT, 0, NULL, sizeof(SG_STREAMHANDLE_CONTEXT), SG_TAG },
    { FLT_CONTEXT_END }
};

static const FLT_OPERATION_REGISTRATION g_SgCallbacks[] = {
    { IRP_MJ_CREATE,  0, SgPreCreate,  SgPostCreate },
    { IRP_MJ_CLEANUP, 0, SgPreCleanup, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION g_SgRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                          /* Flags */
    g_SgContexts,
    g_SgCallbacks,
    SgUnload,
    SgInstanceSetup,
    SgQueryTeardown,
    NULL,                       /* InstanceTeardownStart */
    NULL,                       /* InstanceTeardownComplete */
    NULL, NULL, NULL            /* name provider */
};

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Sg, sizeof(g_Sg));
    g_Sg.DriverObject = DriverObject;

    status = FltRegisterFilter(DriverObject, &g_SgRegistration, &g_Sg.Filter);
    if (!NT_SUCCESS(status)) {
        SG_ERR("FltRegisterFilter failed 0x%08X", status);
        goto Exit;
    }

    status = SgCreatePort(g_Sg.Filter, &g_Sg.ServerPort);
    if (!NT_SUCCESS(status)) {
        SG_ERR("SgCreatePort failed 0x%08X", status);
        goto Unregister;
    }

    status = FltStartFiltering(g_Sg.Filter);
    if (!NT_SUCCESS(status)) {
        SG_ERR("FltStartFiltering failed 0x%08X", status);
        goto ClosePort;
    }

    SG_LOG("loaded, listening on %ws", SG_PORT_NAME);
    return STATUS_SUCCESS;

ClosePort:
    FltCloseCommunicationPort(g_Sg.ServerPort);
    g_Sg.ServerPort = NULL;
Unregister:
    FltUnregisterFilter(g_Sg.Filter);
    g_Sg.Filter = NULL;
Exit:
    return status;
}

NTSTATUS
SgUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    SG_LOG("unloading, %ld scans sent, %ld opens blocked", g_Sg.ScansSent, g_Sg.Blocked);

    /*
     * Stop the callbacks first so nothing can be in SgScanFile while the
     * server port goes away underneath it.
     */
    FltUnregisterFilter(g_Sg.Filter);

    FltCloseCommunicationPort(g_Sg.ServerPort);

    g_Sg.ServerPort = NULL;
    g_Sg.Filter = NULL;
    return STATUS_SUCCESS;
}

NTSTATUS
SgInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    /* local disks only, the network redirectors are scanned on the server */
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
SgQueryTeardown(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();
    return STATUS_SUCCESS;
}

FLT_PREOP_CALLBACK_STATUS
SgPreCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    /* the scanner opens files itself; don't scan our own scans */
    if (g_Sg.ScannerProcess != NULL &&
        IoThreadToProcess(Data->Thread) == g_Sg.ScannerProcess) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (FlagOn(Data->Iopb->Parameters.Create.Options, FILE_DIRECTORY_FILE)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

FLT_POSTOP_CALLBACK_STATUS
SgPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    )
{
    NTSTATUS status;
    BOOLEAN infected = FALSE;
    PSG_STREAMHANDLE_CONTEXT shc = NULL;

    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) ||
        !NT_SUCCESS(Data->IoStatus.Status) ||
        Data->IoStatus.Status == STATUS_REPARSE) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    if (g_Sg.ClientPort == NULL) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = SgScanFile(Data, &infected);
    if (NT_SUCCESS(status) && infected) {
        InterlockedIncrement(&g_Sg.Blocked);
        FltCancelFileOpen(FltObjects->Instance, FltObjects->FileObject);
        Data->IoStatus.Status = STATUS_VIRUS_INFECTED;
        Data->IoStatus.Information = 0;
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    if (FltObjects->FileObject->WriteAccess) {
        status = FltAllocateContext(g_Sg.Filter, FLT_STREAMHANDLE_CONTEXT,
                                    sizeof(SG_STREAMHANDLE_CONTEXT), PagedPool, (PFLT_CONTEXT *)&shc);
        if (NT_SUCCESS(status)) {
            shc->RescanOnCleanup = TRUE;
            (VOID)FltSetStreamHandleContext(FltObjects->Instance, FltObjects->FileObject,
                                            FLT_SET_CONTEXT_REPLACE_IF_EXISTS, shc, NULL);
            FltReleaseContext(shc);
        }
    }

    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_PREOP_CALLBACK_STATUS
SgPreCleanup(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    NTSTATUS status;
    BOOLEAN infected = FALSE;
    PSG_STREAMHANDLE_CONTEXT shc = NULL;

    *CompletionContext = NULL;

    status = FltGetStreamHandleContext(FltObjects->Instance, FltObjects->FileObject, (PFLT_CONTEXT *)&shc);
    if (NT_SUCCESS(status)) {
        if (shc->RescanOnCleanup && g_Sg.ClientPort != NULL) {
            status = SgScanFile(Data, &infected);
            if (NT_SUCCESS(status) && infected) {
                SG_LOG("file written by pid %lu is now infected",
                       (ULONG)(ULONG_PTR)PsGetCurrentProcessId());
            }
        }
        FltReleaseContext(shc);
    }

    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}
