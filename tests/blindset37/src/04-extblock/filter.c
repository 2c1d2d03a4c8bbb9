/*
 * filter.c - ExtBlock minifilter: fails IRP_MJ_CREATE for blocked extensions
 */
#include "extblock.h"

EB_GLOBALS g_Eb;

DRIVER_INITIALIZE DriverEntry;

static NTSTATUS FLTAPI EbUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static NTSTATUS FLTAPI EbInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                                       _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                                       _In_ DEVICE_TYPE VolumeDeviceType,
                                       _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);
static NTSTATUS FLTAPI EbQueryTeardown(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                                       _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);
static FLT_PREOP_CALLBACK_STATUS FLTAPI EbPreCreate(_Inout_ PFLT_CALLBACK_DATA Data,
                                                    _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                                    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);

static NTSTATUS FLTAPI EbPortConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie,
                                     PVOID ConnectionContext, ULONG SizeOfContext,
                                     PVOID *ConnectionPortCookie);
static VOID FLTAPI EbPortDisconnect(PVOID ConnectionCookie);
static NTSTATUS FLTAPI EbPortMessage(PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength,
                                     PVOID OutputBuffer, ULONG OutputBufferLength,
                                     PULONG ReturnOutputBufferLength);

static const FLT_OPERATION_REGISTRATION Callbacks[] = {
    { IRP_MJ_CREATE, 0, EbPreCreate, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                          /* Flags */
    NULL,                       /* Context */
    Callbacks,
    EbUnload,
    EbInstanceSetup,
    EbQueryTeardown,
    NULL,                       /* InstanceTeardownStart */
    NULL,                       /* InstanceTeardownComplete */
    NULL, NULL, NULL            /* name provider callbacks */
};

/* ------------------------------------------------------------------ */

static FLT_PREOP_CALLBACK_STATUS FLTAPI
EbPreCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
            _Flt_CompletionContext_Outptr_ PVOID *CompletionContext)
{
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    NTSTATUS status;
    BOOLEAN block = FALSE;

    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (!g_Eb.Enabled || Data->RequestorMode == KernelMode) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    if (FlagOn(Data->Iopb->OperationFlags, SL_OPEN_PAGING_FILE) ||
        FlagOn(Data->Iopb->TargetFileObject->Flags, FO_VOLUME_OPEN)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    status = FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &nameInfo);
    if (!NT_SUCCESS(status)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    status = FltParseFileNameInformation(nameInfo);
    if (NT_SUCCESS(status) && nameInfo->Extension.Length != 0) {
        InterlockedIncrement(&g_Eb.Inspected);
        block = CfgIsBlocked(&g_Eb.Config, &nameInfo->Extension);
    }

    if (block) {
        EB_DBG("blocked %wZ (pid %lu)", &nameInfo->Name, FltGetRequestorProcessId(Data));
        InterlockedIncrement(&g_Eb.Blocked);
    }
    FltReleaseFileNameInformation(nameInfo);

    if (block) {
        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        Data->IoStatus.Information = 0;
        return FLT_PREOP_COMPLETE;
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

static NTSTATUS FLTAPI
EbInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                _In_ DEVICE_TYPE VolumeDeviceType, _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(VolumeFilesystemType);

    /* local disks only */
    if (VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
EbQueryTeardown(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    return STATUS_SUCCESS;
}

/* ------------------------------------------------------------------ */

static NTSTATUS FLTAPI
EbPortConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext,
              ULONG SizeOfContext, PVOID *ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    g_Eb.ClientPort = ClientPort;
    *ConnectionPortCookie = NULL;
    return STATUS_SUCCESS;
}

static VOID FLTAPI
EbPortDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(g_Eb.Filter, &g_Eb.ClientPort);
}

static NTSTATUS FLTAPI
EbPortMessage(PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength,
              PVOID OutputBuffer, ULONG OutputBufferLength, PULONG ReturnOutputBufferLength)
{
    EB_MESSAGE msg;

    UNREFERENCED_PARAMETER(PortCookie);
    *ReturnOutputBufferLength = 0;

    if (InputBuffer == NULL || InputBufferLength < sizeof(EB_MESSAGE)) {
        return STATUS_INVALID_PARAMETER;
    }

    __try {
        ProbeForRead(InputBuffer, sizeof(EB_MESSAGE), sizeof(ULONG));
        msg = *(PEB_MESSAGE)InputBuffer;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    switch (msg.Command) {
    case EbCmdEnable:
        InterlockedExchange(&g_Eb.Enabled, 1);
        return STATUS_SUCCESS;
    case EbCmdDisable:
        InterlockedExchange(&g_Eb.Enabled, 0);
        return STATUS_SUCCESS;
    case EbCmdQueryStats:
        if (OutputBuffer == NULL || OutputBufferLength < sizeof(EB_STATS)) {
            return STATUS_BUFFER_TOO_SMALL;
        }
        __try {
            PEB_STATS st = (PEB_STATS)OutputBuffer;
            ProbeForWrite(OutputBuffer, sizeof(EB_STATS), sizeof(ULONG));
            st->Enabled = g_Eb.Enabled;
            st->Blocked = g_Eb.Blocked;
            st->Inspected = g_Eb.Inspected;
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            return GetExceptionCode();
        }
        *ReturnOutputBufferLength = sizeof(EB_STATS);
        return STATUS_SUCCESS;
    default:
        return STATUS_INVALID_PARAMETER;
    }
}

/* ------------------------------------------------------------------ */

static NTSTATUS FLTAPI
EbUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);

    EB_DBG("unloading, blocked %ld opens", g_Eb.Blocked);

    FltCloseCommunicationPort(g_Eb.ServerPort);
    FltUnregisterFilter(g_Eb.Filter);
    CfgFree(&g_Eb.Config);

    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING portName = RTL_CONSTANT_STRING(EXTBLOCK_PORT_NAME);

    RtlZeroMemory(&g_Eb, sizeof(g_Eb));
    g_Eb.Enabled = 1;

    status = CfgLoad(RegistryPath, &g_Eb.Config);
    CHECK_STATUS(status, "CfgLoad", Cleanup);

    status = FltRegisterFilter(DriverObject, &FilterRegistration, &g_Eb.Filter);
    CHECK_STATUS(status, "FltRegisterFilter", Cleanup);

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    CHECK_STATUS(status, "FltBuildDefaultSecurityDescriptor", Unregister);

    InitializeObjectAttributes(&oa, &portName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, sd);

    status = FltCreateCommunicationPort(g_Eb.Filter, &g_Eb.ServerPort, &oa, NULL,
                                        EbPortConnect, EbPortDisconnect, EbPortMessage, 1);
    FltFreeSecurityDescriptor(sd);
    CHECK_STATUS(status, "FltCreateCommunicationPort", Cleanup);

    status = FltStartFiltering(g_Eb.Filter);
    CHECK_STATUS(status, "FltStartFiltering", ClosePort);

    EB_DBG("filtering started");
    return STATUS_SUCCESS;

ClosePort:
    FltCloseCommunicationPort(g_Eb.ServerPort);
Unregister:
    FltUnregisterFilter(g_Eb.Filter);
Cleanup:
    CfgFree(&g_Eb.Config);
    return status;
}
