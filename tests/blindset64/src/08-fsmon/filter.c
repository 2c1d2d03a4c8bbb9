/*
 * fsmon - file system minifilter that reports executable opens and deletes
 * to a user-mode agent over a filter communication port.
 *
 * Altitude 368420 (activity monitor group), see fsmon.inf.
 */
#include "fsmon.h"

FSM_GLOBALS g_Fsm;

DRIVER_INITIALIZE DriverEntry;

NTSTATUS FsmUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
NTSTATUS FsmInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                          _In_ DEVICE_TYPE VolumeDeviceType, _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);
NTSTATUS FsmQueryTeardown(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);

FLT_POSTOP_CALLBACK_STATUS
FsmPostCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
              _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags);

FLT_PREOP_CALLBACK_STATUS
FsmPreSetInformation(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
                     _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, FsmUnload)
#pragma alloc_text(PAGE, FsmInstanceSetup)
#pragma alloc_text(PAGE, FsmQueryTeardown)
#endif

CONST FLT_OPERATION_REGISTRATION g_Callbacks[] = {
    { IRP_MJ_CREATE, 0, NULL, FsmPostCreate },
    { IRP_MJ_SET_INFORMATION, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, FsmPreSetInformation, NULL },
    { IRP_MJ_OPERATION_END }
};

CONST FLT_REGISTRATION g_FilterRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                          /* Flags */
    NULL,                       /* Context */
    g_Callbacks,
    FsmUnload,
    FsmInstanceSetup,
    FsmQueryTeardown,
    NULL,                       /* InstanceTeardownStart */
    NULL,                       /* InstanceTeardownComplete */
    NULL, NULL, NULL            /* name provider callbacks */
};

static VOID
FsmReport(
    _In_ PFLT_CALLBACK_DATA Data,
    _In_ FSM_EVENT Event
    )
{
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    NTSTATUS status;

    status = FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &nameInfo);
    if (!NT_SUCCESS(status)) {
        return;
    }

    FsmPortSend(Event, &nameInfo->Name);
    FltReleaseFileNameInformation(nameInfo);
}

FLT_POSTOP_CALLBACK_STATUS
FsmPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    )
{
    ACCESS_MASK access;

    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) ||
        !NT_SUCCESS(Data->IoStatus.Status) ||
        Data->IoStatus.Status == STATUS_REPARSE ||
        g_Fsm.ClientPort == NULL) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    access = Data->Iopb->Parameters.Create.SecurityContext->DesiredAccess;
    if (FlagOn(access, FILE_EXECUTE)) {
        FsmReport(Data, FsmEventExecOpen);
    }

    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_PREOP_CALLBACK_STATUS
FsmPreSetInformation(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    FILE_INFORMATION_CLASS cls = Data->Iopb->Parameters.SetFileInformation.FileInformationClass;

    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (g_Fsm.ClientPort == NULL) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (cls == FileDispositionInformation || cls == FileDispositionInformationEx) {
        FsmReport(Data, FsmEventDelete);
    }

    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

NTSTATUS
FsmInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);

    PAGED_CODE();

    if (VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM || VolumeFilesystemType == FLT_FSTYPE_RAW) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return STATUS_SUCCESS;
}

NTSTATUS
FsmQueryTeardown(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();
    return STATUS_SUCCESS;
}

NTSTATUS
FsmUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    FSM_LOG("unloading");

    FsmPortClose();
    FltUnregisterFilter(g_Fsm.Filter);
    g_Fsm.Filter = NULL;

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

    RtlZeroMemory(&g_Fsm, sizeof(g_Fsm));

    status = FltRegisterFilter(DriverObject, &g_FilterRegistration, &g_Fsm.Filter);
    if (!NT_SUCCESS(status)) {
        FSM_LOG("FltRegisterFilter 0x%08X", status);
        return status;
    }

    status = FsmPortCreate(g_Fsm.Filter);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(g_Fsm.Filter);
        return status;
    }

    status = FltStartFiltering(g_Fsm.Filter);
    if (!NT_SUCCESS(status)) {
        FSM_LOG("FltStartFiltering 0x%08X", status);
        FsmPortClose();
        FltUnregisterFilter(g_Fsm.Filter);
        return status;
    }

    FSM_LOG("filtering");
    return STATUS_SUCCESS;
}
