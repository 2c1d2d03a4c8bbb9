/*
 * ExtGuard - minifilter that refuses to open script / executable files
 * created by user-mode callers for writing.  The extension list is fixed.
 */
#include "extguard.h"

static EG_CONTEXT g_Eg;

static const UNICODE_STRING g_Blocked[] = {
    RTL_CONSTANT_STRING(L"exe"),
    RTL_CONSTANT_STRING(L"dll"),
    RTL_CONSTANT_STRING(L"ps1"),
    RTL_CONSTANT_STRING(L"bat"),
    RTL_CONSTANT_STRING(L"cmd"),
    RTL_CONSTANT_STRING(L"vbs"),
};

DRIVER_INITIALIZE DriverEntry;
static FLT_PREOP_CALLBACK_STATUS FLTAPI EgPreCreate(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS, PVOID *);
static NTSTATUS FLTAPI EgUnload(FLT_FILTER_UNLOAD_FLAGS);
static NTSTATUS FLTAPI EgQueryTeardown(PCFLT_RELATED_OBJECTS, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS);
static NTSTATUS FLTAPI EgConnect(PFLT_PORT, PVOID, PVOID, ULONG, PVOID *);
static VOID FLTAPI EgDisconnect(PVOID);
static NTSTATUS FLTAPI EgMessage(PVOID, PVOID, ULONG, PVOID, ULONG, PULONG);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, EgUnload)
#pragma alloc_text(PAGE, EgQueryTeardown)
#pragma alloc_text(PAGE, EgConnect)
#pragma alloc_text(PAGE, EgDisconnect)
#pragma alloc_text(PAGE, EgMessage)
#endif

static const FLT_OPERATION_REGISTRATION g_Operations[] = {
    { IRP_MJ_CREATE, 0, EgPreCreate, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION g_Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    g_Operations,
    EgUnload,
    NULL,               /* InstanceSetup: attach everywhere */
    EgQueryTeardown,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL
};

static BOOLEAN
EgIsBlockedExtension(PCUNICODE_STRING Extension)
{
    ULONG i;

    for (i = 0; i < ARRAYSIZE(g_Blocked); i++) {
        if (RtlEqualUnicodeString(Extension, &g_Blocked[i], TRUE)) {
            return TRUE;
        }
    }
    return FALSE;
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI
EgPreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    ACCESS_MASK desired;
    BOOLEAN deny = FALSE;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (ReadNoFence(&g_Eg.Enabled) == 0 || Data->RequestorMode == KernelMode) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    if (FlagOn(Data->Iopb->OperationFlags, SL_OPEN_PAGING_FILE | SL_OPEN_TARGET_DIRECTORY)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    /* only writers are interesting */
    desired = Data->Iopb->Parameters.Create.SecurityContext->DesiredAccess;
    if ((desired & (FILE_WRITE_DATA | FILE_APPEND_DATA)) == 0) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    status = FltGetFileNameInformation(Data, FLT_FILE_NAME_OPENED | FLT_FILE_NAME_QUERY_DEFAULT, &nameInfo);
    if (!NT_SUCCESS(status)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    status = FltParseFileNameInformation(nameInfo);
    if (NT_SUCCESS(status)) {
        InterlockedIncrement(&g_Eg.Checked);
        deny = EgIsBlockedExtension(&nameInfo->Extension);
        if (deny) {
            EG_INFO("deny write open of %wZ", &nameInfo->Name);
        }
    }
    FltReleaseFileNameInformation(nameInfo);

    if (!deny) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    InterlockedIncrement(&g_Eg.Denied);
    Data->IoStatus.Status = STATUS_ACCESS_DENIED;
    Data->IoStatus.Information = 0;
    return FLT_PREOP_COMPLETE;
}

static NTSTATUS FLTAPI
EgQueryTeardown(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
EgConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext,
          ULONG SizeOfContext, PVOID *ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);
    PAGED_CODE();

    /* MaxConnections is 1, so there is never a previous client here */
    g_Eg.ClientPort = ClientPort;
    *ConnectionPortCookie = NULL;
    return STATUS_SUCCESS;
}

static VOID FLTAPI
EgDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    PAGED_CODE();

    FltCloseClientPort(g_Eg.Filter, &g_Eg.ClientPort);
}

static NTSTATUS FLTAPI
EgMessage(PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength,
          PVOID OutputBuffer, ULONG OutputBufferLength, PULONG ReturnOutputBufferLength)
{
    EG_COMMAND cmd;
    EG_REPLY_STATS stats;

    UNREFERENCED_PARAMETER(PortCookie);
    PAGED_CODE();

    *ReturnOutputBufferLength = 0;
    if (InputBuffer == NULL || InputBufferLength < sizeof(cmd)) {
        return STATUS_INVALID_PARAMETER;
    }

    __try {
        ProbeForRead(InputBuffer, sizeof(cmd), 1);
        RtlCopyMemory(&cmd, InputBuffer, sizeof(cmd));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    switch (cmd.Code) {
    case EG_CMD_ENABLE:
        InterlockedExchange(&g_Eg.Enabled, 1);
        return STATUS_SUCCESS;

    case EG_CMD_DISABLE:
        InterlockedExchange(&g_Eg.Enabled, 0);
        return STATUS_SUCCESS;

    case EG_CMD_STATS:
        if (OutputBuffer == NULL || OutputBufferLength < sizeof(stats)) {
            return STATUS_BUFFER_TOO_SMALL;
        }
        stats.Enabled = (ULONG)g_Eg.Enabled;
        stats.Denied = (ULONG)g_Eg.Denied;
        stats.Checked = (ULONG)g_Eg.Checked;
        __try {
            ProbeForWrite(OutputBuffer, sizeof(stats), 1);
            RtlCopyMemory(OutputBuffer, &stats, sizeof(stats));
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            return GetExceptionCode();
        }
        *ReturnOutputBufferLength = sizeof(stats);
        return STATUS_SUCCESS;
    }

    return STATUS_INVALID_PARAMETER;
}

static NTSTATUS FLTAPI
EgUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    EG_INFO("unload: %ld denied / %ld checked", g_Eg.Denied, g_Eg.Checked);

    /* the server port has to go before the filter is unregistered */
    FltCloseCommunicationPort(g_Eg.ServerPort);
    g_Eg.ServerPort = NULL;

    FltUnregisterFilter(g_Eg.Filter);
    g_Eg.Filter = NULL;

    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING portName = RTL_CONSTANT_STRING(EG_PORT_NAME);
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Eg, sizeof(g_Eg));
    g_Eg.Enabled = 1;

    status = FltRegisterFilter(DriverObject, &g_Registration, &g_Eg.Filter);
    if (!NT_SUCCESS(status)) {
        EG_ERR("FltRegisterFilter 0x%08X", status);
        return status;
    }

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        EG_ERR("FltBuildDefaultSecurityDescriptor 0x%08X", status);
        goto unregister;
    }

    InitializeObjectAttributes(&oa, &portName, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, sd);
    status = FltCreateCommunicationPort(g_Eg.Filter, &g_Eg.ServerPort, &oa, NULL,
                                        EgConnect, EgDisconnect, EgMessage, EG_MAX_CLIENTS);
    FltFreeSecurityDescriptor(sd);
    if (!NT_SUCCESS(status)) {
        EG_ERR("FltCreateCommunicationPort 0x%08X", status);
        goto unregister;
    }

    status = FltStartFiltering(g_Eg.Filter);
    if (!NT_SUCCESS(status)) {
        EG_ERR("FltStartFiltering 0x%08X", status);
        goto close_port;
    }

    EG_INFO("running");
    return STATUS_SUCCESS;

close_port:
    FltCloseCommunicationPort(g_Eg.ServerPort);
    g_Eg.ServerPort = NULL;
unregister:
    FltUnregisterFilter(g_Eg.Filter);
    g_Eg.Filter = NULL;
    return status;
}
