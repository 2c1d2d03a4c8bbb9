/*
 * port.c - communication port for fsmonctl
 */
#include "fsmon.h"

static NTSTATUS FLTAPI FsmonConnect(
    _In_ PFLT_PORT ClientPort,
    _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
    _In_ ULONG SizeOfContext,
    _Outptr_result_maybenull_ PVOID *ConnectionPortCookie);

static VOID FLTAPI FsmonDisconnect(_In_opt_ PVOID ConnectionCookie);

static NTSTATUS FLTAPI FsmonMessage(
    _In_opt_ PVOID PortCookie,
    _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
    _In_ ULONG InputBufferLength,
    _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
    _In_ ULONG OutputBufferLength,
    _Out_ PULONG ReturnOutputBufferLength);

NTSTATUS
FsmonCreatePort(
    _In_ PFLT_FILTER Filter)
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING portName = RTL_CONSTANT_STRING(FSMON_PORT_NAME);

    PAGED_CODE();

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        LOG_ERR("FltBuildDefaultSecurityDescriptor failed 0x%08X", status);
        return status;
    }

    InitializeObjectAttributes(&oa, &portName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, sd);

    status = FltCreateCommunicationPort(Filter,
                                        &g_Fsmon.ServerPort,
                                        &oa,
                                        NULL,
                                        FsmonConnect,
                                        FsmonDisconnect,
                                        FsmonMessage,
                                        1);
    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        LOG_ERR("FltCreateCommunicationPort failed 0x%08X", status);
        g_Fsmon.ServerPort = NULL;
    }
    return status;
}

VOID
FsmonClosePort(VOID)
{
    PAGED_CODE();

    if (g_Fsmon.ServerPort != NULL) {
        FltCloseCommunicationPort(g_Fsmon.ServerPort);
        g_Fsmon.ServerPort = NULL;
    }
}

static NTSTATUS FLTAPI
FsmonConnect(
    _In_ PFLT_PORT ClientPort,
    _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
    _In_ ULONG SizeOfContext,
    _Outptr_result_maybenull_ PVOID *ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);
    PAGED_CODE();

    g_Fsmon.ClientPort = ClientPort;
    g_Fsmon.ClientPid = HandleToULong(PsGetCurrentProcessId());
    *ConnectionPortCookie = NULL;

    LOG("listener connected, pid %lu", g_Fsmon.ClientPid);
    return STATUS_SUCCESS;
}

static VOID FLTAPI
FsmonDisconnect(
    _In_opt_ PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    PAGED_CODE();

    LOG("listener pid %lu disconnected", g_Fsmon.ClientPid);
    FltCloseClientPort(g_Fsmon.Filter, &g_Fsmon.ClientPort);
    g_Fsmon.ClientPid = 0;
}

static NTSTATUS FLTAPI
FsmonMessage(
    _In_opt_ PVOID PortCookie,
    _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
    _In_ ULONG InputBufferLength,
    _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
    _In_ ULONG OutputBufferLength,
    _Out_ PULONG ReturnOutputBufferLength)
{
    FSMON_COMMAND_MSG cmd;

    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(OutputBuffer);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    PAGED_CODE();

    *ReturnOutputBufferLength = 0;

    if (InputBuffer == NULL || InputBufferLength < sizeof(cmd)) {
        return STATUS_INVALID_PARAMETER;
    }

    __try {
        cmd = *(PFSMON_COMMAND_MSG)InputBuffer;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    switch (cmd.Command) {
    case FsmonCmdSetVerbose:
        g_Fsmon.Verbose = (cmd.Value != 0);
        return STATUS_SUCCESS;

    default:
        return STATUS_INVALID_DEVICE_REQUEST;
    }
}

VOID
FsmonNotify(
    _In_ ULONG Op,
    _In_ PFLT_CALLBACK_DATA Data)
{
    NTSTATUS status;
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    PFSMON_MESSAGE msg = NULL;
    LARGE_INTEGER timeout;
    ULONG pid = HandleToULong(PsGetCurrentProcessId());
    USHORT len;

    if (g_Fsmon.ClientPort == NULL || KeGetCurrentIrql() > APC_LEVEL) {
        return;
    }

    /* never report the listener's own I/O */
    if (pid == g_Fsmon.ClientPid) {
        return;
    }

    status = FltGetFileNameInformation(Data,
                                       FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (!NT_SUCCESS(status)) {
        return;
    }

    msg = (PFSMON_MESSAGE)ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(FSMON_MESSAGE), FSMON_TAG);
    if (msg == NULL) {
        goto out;
    }

    RtlZeroMemory(msg, sizeof(*msg));
    msg->Op = Op;
    msg->ProcessId = pid;
    len = (USHORT)min(nameInfo->Name.Length, (FSMON_MAX_PATH - 1) * sizeof(WCHAR));
    RtlCopyMemory(msg->Path, nameInfo->Name.Buffer, len);
    msg->PathLength = len;

    timeout.QuadPart = FSMON_SEND_TIMEOUT;
    status = FltSendMessage(g_Fsmon.Filter, &g_Fsmon.ClientPort, msg, sizeof(*msg), NULL, NULL, &timeout);
    if (status == STATUS_SUCCESS) {
        InterlockedIncrement(&g_Fsmon.EventsSent);
    } else if (g_Fsmon.Verbose) {
        LOG("FltSendMessage op %lu -> 0x%08X", Op, status);
    }

out:
    if (msg != NULL) {
        ExFreePoolWithTag(msg, FSMON_TAG);
    }
    FltReleaseFileNameInformation(nameInfo);
}
