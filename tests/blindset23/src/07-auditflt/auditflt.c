/*
 *  auditflt - file audit minifilter
 *
 *  Reports every file that is opened for writing, renamed or deleted
 *  to a user-mode collector (auditsvc.exe) through a filter
 *  communication port.  When nobody is connected the events are just
 *  counted.  Part of a small EDR-style playground project.
 */
#include <fltKernel.h>
#include <dontuse.h>

#pragma prefast(disable:__WARNING_ENCODE_MEMBER_FUNCTION_POINTER, "Not valid for kernel mode drivers")

#define AUDIT_PORT_NAME   L"\\AuditFltPort"
#define AUDIT_TAG         'tduA'
#define AUDIT_MAX_PATH    260

typedef enum _AUDIT_OP {
    AuditOpWriteOpen = 1,
    AuditOpRename    = 2,
    AuditOpDelete    = 3
} AUDIT_OP;

typedef struct _AUDIT_RECORD {
    ULONG   ProcessId;
    ULONG   Operation;
    LARGE_INTEGER Time;
    WCHAR   Path[AUDIT_MAX_PATH];
} AUDIT_RECORD, *PAUDIT_RECORD;

typedef struct _AUDIT_GLOBALS {
    PFLT_FILTER Filter;
    PFLT_PORT   ServerPort;
    PFLT_PORT   ClientPort;
    volatile LONG Dropped;
    volatile LONG Sent;
} AUDIT_GLOBALS;

AUDIT_GLOBALS g_Audit;

DRIVER_INITIALIZE DriverEntry;
NTSTATUS AuditUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
NTSTATUS AuditInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                            _In_ DEVICE_TYPE VolumeDeviceType, _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);
FLT_POSTOP_CALLBACK_STATUS AuditPostCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                           _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags);
FLT_PREOP_CALLBACK_STATUS AuditPreSetInfo(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                          _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, AuditUnload)
#pragma alloc_text(PAGE, AuditInstanceSetup)
#endif

static const FLT_OPERATION_REGISTRATION Callbacks[] = {
    { IRP_MJ_CREATE,           0, NULL,            AuditPostCreate },
    { IRP_MJ_SET_INFORMATION,  FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, AuditPreSetInfo, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,                       // contexts
    Callbacks,
    AuditUnload,
    AuditInstanceSetup,
    NULL,                       // InstanceQueryTeardown
    NULL,                       // InstanceTeardownStart
    NULL,                       // InstanceTeardownComplete
    NULL, NULL, NULL            // name provider callbacks
};

/* ------------------------------------------------------------------ */

static VOID
AuditReport(
    _In_ PFLT_CALLBACK_DATA Data,
    _In_ AUDIT_OP Op
    )
{
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    PAUDIT_RECORD rec;
    LARGE_INTEGER timeout;
    NTSTATUS status;
    USHORT bytes;

    if (g_Audit.ClientPort == NULL) {
        InterlockedIncrement(&g_Audit.Dropped);
        return;
    }

    status = FltGetFileNameInformation(Data,
                                       FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (!NT_SUCCESS(status)) {
        return;
    }

    rec = ExAllocatePool2(POOL_FLAG_PAGED, sizeof(AUDIT_RECORD), AUDIT_TAG);
    if (rec != NULL) {
        rec->ProcessId = FltGetRequestorProcessId(Data);
        rec->Operation = (ULONG)Op;
        KeQuerySystemTime(&rec->Time);

        bytes = nameInfo->Name.Length;
        if (bytes > (AUDIT_MAX_PATH - 1) * sizeof(WCHAR)) {
            bytes = (AUDIT_MAX_PATH - 1) * sizeof(WCHAR);
        }
        RtlCopyMemory(rec->Path, nameInfo->Name.Buffer, bytes);
        rec->Path[bytes / sizeof(WCHAR)] = L'\0';

        timeout.QuadPart = -10 * 1000 * 50;     /* 50 ms, never block the I/O for long */
        status = FltSendMessage(g_Audit.Filter, &g_Audit.ClientPort,
                                rec, sizeof(AUDIT_RECORD), NULL, NULL, &timeout);
        if (status == STATUS_SUCCESS) {
            InterlockedIncrement(&g_Audit.Sent);
        } else {
            InterlockedIncrement(&g_Audit.Dropped);
        }
        ExFreePoolWithTag(rec, AUDIT_TAG);
    }

    FltReleaseFileNameInformation(nameInfo);
}

FLT_POSTOP_CALLBACK_STATUS
AuditPostCreate(
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
        Data->IoStatus.Status == STATUS_REPARSE) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    access = Data->Iopb->Parameters.Create.SecurityContext->DesiredAccess;
    if (FlagOn(access, FILE_WRITE_DATA | FILE_APPEND_DATA)) {
        AuditReport(Data, AuditOpWriteOpen);
    }

    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_PREOP_CALLBACK_STATUS
AuditPreSetInfo(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    FILE_INFORMATION_CLASS cls = Data->Iopb->Parameters.SetFileInformation.FileInformationClass;

    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    switch (cls) {
    case FileRenameInformation:
    case FileRenameInformationEx:
        AuditReport(Data, AuditOpRename);
        break;
    case FileDispositionInformation:
    case FileDispositionInformationEx:
        AuditReport(Data, AuditOpDelete);
        break;
    default:
        break;
    }

    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

NTSTATUS
AuditInstanceSetup(
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

    /* only local disks, no network redirectors */
    if (VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return STATUS_SUCCESS;
}

/* ------------------------------------------------------------------ */

static NTSTATUS
AuditPortConnect(
    _In_ PFLT_PORT ClientPort,
    _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
    _In_ ULONG SizeOfContext,
    _Outptr_result_maybenull_ PVOID *ConnectionPortCookie
    )
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    *ConnectionPortCookie = NULL;
    g_Audit.ClientPort = ClientPort;    /* MaxConnections == 1 */
    return STATUS_SUCCESS;
}

static VOID
AuditPortDisconnect(
    _In_opt_ PVOID ConnectionCookie
    )
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(g_Audit.Filter, &g_Audit.ClientPort);
}

NTSTATUS
AuditUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);

    PAGED_CODE();

    FltUnregisterFilter(g_Audit.Filter);

    if (g_Audit.ServerPort != NULL) {
        FltCloseCommunicationPort(g_Audit.ServerPort);
        g_Audit.ServerPort = NULL;
    }

    DbgPrint("auditflt: unloaded, sent=%ld dropped=%ld\n", g_Audit.Sent, g_Audit.Dropped);
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

    RtlZeroMemory(&g_Audit, sizeof(g_Audit));

    status = FltRegisterFilter(DriverObject, &FilterRegistration, &g_Audit.Filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        goto Cleanup;
    }

    RtlInitUnicodeString(&portName, AUDIT_PORT_NAME);
    InitializeObjectAttributes(&oa, &portName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, sd);

    status = FltCreateCommunicationPort(g_Audit.Filter,
                                        &g_Audit.ServerPort,
                                        &oa,
                                        NULL,
                                        AuditPortConnect,
                                        AuditPortDisconnect,
                                        NULL,
                                        1);
    if (!NT_SUCCESS(status)) {
        goto Cleanup;
    }

    FltFreeSecurityDescriptor(sd);

    status = FltStartFiltering(g_Audit.Filter);
    if (NT_SUCCESS(status)) {
        return STATUS_SUCCESS;
    }

    FltCloseCommunicationPort(g_Audit.ServerPort);
    g_Audit.ServerPort = NULL;

Cleanup:
    FltUnregisterFilter(g_Audit.Filter);
    g_Audit.Filter = NULL;
    return status;
}
