/*
 * driver.c - fsmon entry point, registration and I/O callbacks
 */
#include "fsmon.h"

FSMON_GLOBALS g_Fsmon;

DRIVER_INITIALIZE DriverEntry;

NTSTATUS FLTAPI FsmonUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);

NTSTATUS FLTAPI FsmonInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);

NTSTATUS FLTAPI FsmonQueryTeardown(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);

FLT_POSTOP_CALLBACK_STATUS FLTAPI FsmonPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags);

FLT_PREOP_CALLBACK_STATUS FLTAPI FsmonPreWrite(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);

FLT_PREOP_CALLBACK_STATUS FLTAPI FsmonPreSetInfo(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, FsmonUnload)
#pragma alloc_text(PAGE, FsmonInstanceSetup)
#pragma alloc_text(PAGE, FsmonQueryTeardown)
#endif

CONST FLT_OPERATION_REGISTRATION g_Callbacks[] = {
    { IRP_MJ_CREATE,          0,                                            NULL,            FsmonPostCreate },
    { IRP_MJ_WRITE,           FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, FsmonPreWrite,   NULL },
    { IRP_MJ_SET_INFORMATION, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, FsmonPreSetInfo, NULL },
    { IRP_MJ_OPERATION_END }
};

CONST FLT_REGISTRATION g_FilterRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                          /* Flags */
    NULL,                       /* no contexts */
    g_Callbacks,
    FsmonUnload,
    FsmonInstanceSetup,
    FsmonQueryTeardown,
    NULL,                       /* InstanceTeardownStart */
    NULL,                       /* InstanceTeardownComplete */
    NULL, NULL, NULL            /* name provider callbacks */
};

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Fsmon, sizeof(g_Fsmon));
    g_Fsmon.DriverObject = DriverObject;
#if DBG
    g_Fsmon.Verbose = TRUE;
#endif

    LOG("DriverEntry, built " __DATE__ " " __TIME__);

    status = FltRegisterFilter(DriverObject, &g_FilterRegistration, &g_Fsmon.Filter);
    if (!NT_SUCCESS(status)) {
        LOG_ERR("FltRegisterFilter failed 0x%08X", status);
        return status;
    }

    status = FsmonCreatePort(g_Fsmon.Filter);
    if (!NT_SUCCESS(status)) {
        goto fail_port;
    }

    status = FltStartFiltering(g_Fsmon.Filter);
    if (!NT_SUCCESS(status)) {
        LOG_ERR("FltStartFiltering failed 0x%08X", status);
        goto fail_start;
    }

    LOG("filter started, port %ws", FSMON_PORT_NAME);
    return STATUS_SUCCESS;

fail_start:
    FsmonClosePort();
    return status;

fail_port:
    FltUnregisterFilter(g_Fsmon.Filter);
    g_Fsmon.Filter = NULL;
    return status;
}

NTSTATUS FLTAPI
FsmonUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    LOG("unloading, %ld events delivered", g_Fsmon.EventsSent);

    /* fltmgr disconnects the listener for us when the filter goes away */
    FltUnregisterFilter(g_Fsmon.Filter);
    g_Fsmon.Filter = NULL;

    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI
FsmonInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    if (VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM) {
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

NTSTATUS FLTAPI
FsmonQueryTeardown(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();
    return STATUS_SUCCESS;
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI
FsmonPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    if (!NT_SUCCESS(Data->IoStatus.Status) || Data->IoStatus.Status == STATUS_REPARSE) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    switch (Data->IoStatus.Information) {
    case FILE_CREATED:
    case FILE_OVERWRITTEN:
    case FILE_SUPERSEDED:
        FsmonNotify(FsmonOpCreate, Data);
        break;
    default:
        break;
    }

    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
FsmonPreWrite(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext)
{
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (g_Fsmon.ClientPort != NULL) {
        FsmonNotify(FsmonOpWrite, Data);
    }

    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
FsmonPreSetInfo(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext)
{
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    switch (Data->Iopb->Parameters.SetFileInformation.FileInformationClass) {
    case FileDispositionInformation:
    case FileDispositionInformationEx:
        FsmonNotify(FsmonOpDelete, Data);
        break;
    case FileRenameInformation:
    case FileRenameInformationEx:
        FsmonNotify(FsmonOpRename, Data);
        break;
    default:
        break;
    }

    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}
