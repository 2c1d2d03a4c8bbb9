/*
 * filelog.c - main file of the FileLog minifilter
 *
 * install with FileLog.inf (right click -> install), then
 *      fltmc load FileLog
 *      FileLogApp.exe
 */
#include "filelog.h"

#pragma prefast(disable:__WARNING_ENCODE_MEMBER_FUNCTION_POINTER, "Not valid for kernel mode drivers")

FILELOG_DATA g_FileLog;

DRIVER_INITIALIZE DriverEntry;

NTSTATUS FLTAPI FlUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);

NTSTATUS FLTAPI FlInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);

NTSTATUS FLTAPI FlInstanceQueryTeardown(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);

FLT_PREOP_CALLBACK_STATUS FLTAPI FlPreCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);

FLT_POSTOP_CALLBACK_STATUS FLTAPI FlPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, FlUnload)
#pragma alloc_text(PAGE, FlInstanceSetup)
#pragma alloc_text(PAGE, FlInstanceQueryTeardown)
#endif

/* we only care about creates */
CONST FLT_OPERATION_REGISTRATION Callbacks[] = {
    { IRP_MJ_CREATE, 0, FlPreCreate, FlPostCreate },
    { IRP_MJ_OPERATION_END }
};

CONST FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION),           /* Size */
    FLT_REGISTRATION_VERSION,           /* Version */
    0,                                  /* Flags */
    NULL,                               /* Context */
    Callbacks,                          /* Operation callbacks */
    FlUnload,                           /* MiniFilterUnload */
    FlInstanceSetup,                    /* InstanceSetup */
    FlInstanceQueryTeardown,            /* InstanceQueryTeardown */
    NULL,                               /* InstanceTeardownStart */
    NULL,                               /* InstanceTeardownComplete */
    NULL,                               /* GenerateFileName */
    NULL,                               /* NormalizeNameComponent */
    NULL                                /* NormalizeContextCleanup */
};

/*
 * only attach to NTFS / ReFS / FAT volumes, skip network stuff
 */
NTSTATUS FLTAPI FlInstanceSetup(
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

NTSTATUS FLTAPI FlInstanceQueryTeardown(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);

    PAGED_CODE();
    return STATUS_SUCCESS;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI FlPreCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext)
{
    ACCESS_MASK access;

    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    /* ignore our own app, otherwise we log the log file forever lol */
    if (g_FileLog.UserProcess != NULL && IoThreadToProcess(Data->Thread) == g_FileLog.UserProcess) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (FlagOn(Data->Iopb->OperationFlags, SL_OPEN_PAGING_FILE) ||
        FlagOn(Data->Iopb->TargetFileObject->Flags, FO_VOLUME_OPEN)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    access = Data->Iopb->Parameters.Create.SecurityContext->DesiredAccess;
    if (!FlagOn(access, FILE_WRITE_DATA | FILE_APPEND_DATA | DELETE | GENERIC_WRITE)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI FlPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags)
{
    NTSTATUS status;
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    PFILELOG_NOTIFICATION note;
    USHORT bytes;

    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    if (!NT_SUCCESS(Data->IoStatus.Status) || Data->IoStatus.Status == STATUS_REPARSE) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    if (g_FileLog.ClientPort == NULL) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltGetFileNameInformation(Data,
                                       FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (!NT_SUCCESS(status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    note = (PFILELOG_NOTIFICATION)ExAllocatePoolWithTag(PagedPool,
                                                        sizeof(FILELOG_NOTIFICATION),
                                                        FILELOG_TAG);
    if (note != NULL) {
        RtlZeroMemory(note, sizeof(FILELOG_NOTIFICATION));
        note->ProcessId = HandleToULong(PsGetCurrentProcessId());
        note->DesiredAccess = Data->Iopb->Parameters.Create.SecurityContext->DesiredAccess;
        note->Disposition = (Data->Iopb->Parameters.Create.Options >> 24) & 0xFF;

        bytes = nameInfo->Name.Length;
        if (bytes > (FILELOG_MAX_PATH - 1) * sizeof(WCHAR)) {
            bytes = (FILELOG_MAX_PATH - 1) * sizeof(WCHAR);
        }
        RtlCopyMemory(note->Path, nameInfo->Name.Buffer, bytes);
        note->PathLength = bytes;

        FlSendToUser(note);
        ExFreePoolWithTag(note, FILELOG_TAG);
    }

    FltReleaseFileNameInformation(nameInfo);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

NTSTATUS FLTAPI FlUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);

    PAGED_CODE();

    FL_PRINT("unloading (sent %ld messages)\n", g_FileLog.MessagesSent);

    FltUnregisterFilter(g_FileLog.Filter);
    FlClosePort();

    g_FileLog.Filter = NULL;
    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    FL_PRINT("DriverEntry\n");

    RtlZeroMemory(&g_FileLog, sizeof(g_FileLog));
    g_FileLog.DriverObject = DriverObject;

    status = FltRegisterFilter(DriverObject, &FilterRegistration, &g_FileLog.Filter);
    if (!NT_SUCCESS(status)) {
        FL_PRINT("FltRegisterFilter failed 0x%x\n", status);
        return status;
    }

    status = FlCreatePort();
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(g_FileLog.Filter);
        return status;
    }

    status = FltStartFiltering(g_FileLog.Filter);
    if (!NT_SUCCESS(status)) {
        FL_PRINT("FltStartFiltering failed 0x%x\n", status);
        FlClosePort();
    }

    return status;
}
