/*
 * FileGuard - comm.c : filter communication port
 */
#include "fileguard.h"

static NTSTATUS FLTAPI
FgConnect(
    _In_ PFLT_PORT ClientPort,
    _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
    _In_ ULONG SizeOfContext,
    _Outptr_result_maybenull_ PVOID* ConnectionCookie
    )
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    Globals.ClientPort = ClientPort;
    *ConnectionCookie  = NULL;
    FG_DBG("FgWatch connected");
    return STATUS_SUCCESS;
}

static VOID FLTAPI
FgDisconnect(
    _In_opt_ PVOID ConnectionCookie
    )
{
    UNREFERENCED_PARAMETER(ConnectionCookie);

    FltCloseClientPort(Globals.Filter, &Globals.ClientPort);
    FG_DBG("FgWatch disconnected");
}

static NTSTATUS FLTAPI
FgMessage(
    _In_opt_ PVOID PortCookie,
    _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
    _In_ ULONG InputBufferLength,
    _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
    _In_ ULONG OutputBufferLength,
    _Out_ PULONG ReturnOutputBufferLength
    )
{
    FG_COMMAND cmd;
    NTSTATUS   status = STATUS_INVALID_PARAMETER;

    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(OutputBuffer);
    UNREFERENCED_PARAMETER(OutputBufferLength);

    *ReturnOutputBufferLength = 0;

    if (InputBuffer == NULL || InputBufferLength < sizeof(FG_COMMAND)) {
        return STATUS_INVALID_PARAMETER;
    }

    // user buffer, copy it out under try/except
    __try {
        ProbeForRead(InputBuffer, sizeof(FG_COMMAND), sizeof(UCHAR));
        RtlCopyMemory(&cmd, InputBuffer, sizeof(FG_COMMAND));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    cmd.Path[FG_MAX_PATH - 1] = L'\0';

    switch (cmd.Command) {
    case 1:
        status = FgAddRule(cmd.Path);
        break;
    case 2:
        FgFreeRules();
        status = STATUS_SUCCESS;
        break;
    }
    return status;
}

NTSTATUS
FgCreatePort(
    _In_ PFLT_FILTER Filter
    )
{
    NTSTATUS             status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES    oa;
    UNICODE_STRING       name = RTL_CONSTANT_STRING(FG_PORT_NAME);

    // admins + system only
    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, sd);

    status = FltCreateCommunicationPort(Filter,
                                        &Globals.ServerPort,
                                        &oa,
                                        NULL,
                                        FgConnect,
                                        FgDisconnect,
                                        FgMessage,
                                        1);

    // the port keeps its own copy
    FltFreeSecurityDescriptor(sd);
    return status;
}

//
// best effort: if FgWatch isn't connected we just don't tell anyone
//
VOID
FgNotify(
    _In_ ULONG Operation,
    _In_ PCUNICODE_STRING Path
    )
{
    PFG_NOTIFICATION msg;
    LARGE_INTEGER    timeout;
    USHORT           bytes;

    if (Globals.ClientPort == NULL) {
        return;
    }

    msg = (PFG_NOTIFICATION)ExAllocatePool2(POOL_FLAG_PAGED, sizeof(FG_NOTIFICATION), FG_TAG);
    if (msg == NULL) {
        return;
    }

    msg->ProcessId = HandleToULong(PsGetCurrentProcessId());
    msg->Operation = Operation;
    bytes = min(Path->Length, (USHORT)((FG_MAX_PATH - 1) * sizeof(WCHAR)));
    RtlCopyMemory(msg->Path, Path->Buffer, bytes);
    msg->Path[bytes / sizeof(WCHAR)] = L'\0';

    timeout.QuadPart = -10 * 1000 * 50;    // 50 ms, never block the delete path for long
    FltSendMessage(Globals.Filter, &Globals.ClientPort, msg, sizeof(FG_NOTIFICATION), NULL, NULL, &timeout);

    ExFreePoolWithTag(msg, FG_TAG);
}
