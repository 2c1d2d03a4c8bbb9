/*
 * comm.c - communication port
 */
#include "minictx.h"

static NTSTATUS FLTAPI McConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie,
                                 PVOID ConnectionContext, ULONG SizeOfContext,
                                 PVOID *ConnectionPortCookie);
static VOID FLTAPI McDisconnect(PVOID ConnectionCookie);
static NTSTATUS FLTAPI McMessage(PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength,
                                 PVOID OutputBuffer, ULONG OutputBufferLength,
                                 PULONG ReturnOutputBufferLength);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, McOpenPort)
#pragma alloc_text(PAGE, McClosePort)
#pragma alloc_text(PAGE, McConnect)
#pragma alloc_text(PAGE, McDisconnect)
#pragma alloc_text(PAGE, McMessage)
#pragma alloc_text(PAGE, McReport)
#endif

static NTSTATUS FLTAPI
McConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext,
          ULONG SizeOfContext, PVOID *ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);
    PAGED_CODE();

    McData.ClientPort = ClientPort;
    *ConnectionPortCookie = NULL;
    InterlockedExchange(&McData.Enabled, 1);

    MCTRACE("listener connected\n");
    return STATUS_SUCCESS;
}

static VOID FLTAPI
McDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    PAGED_CODE();

    InterlockedExchange(&McData.Enabled, 0);
    FltCloseClientPort(McData.Filter, &McData.ClientPort);

    MCTRACE("listener disconnected\n");
}

static NTSTATUS FLTAPI
McMessage(PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength,
          PVOID OutputBuffer, ULONG OutputBufferLength, PULONG ReturnOutputBufferLength)
{
    ULONG cmd;

    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(OutputBuffer);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    PAGED_CODE();

    *ReturnOutputBufferLength = 0;

    if (InputBuffer == NULL || InputBufferLength < sizeof(MC_COMMAND))
        return STATUS_INVALID_PARAMETER;

    /* the buffer is a raw user address */
    __try {
        ProbeForRead(InputBuffer, InputBufferLength, sizeof(ULONG));
        cmd = ((PMC_COMMAND)InputBuffer)->Command;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    switch (cmd) {
    case MC_CMD_ENABLE:
        InterlockedExchange(&McData.Enabled, 1);
        return STATUS_SUCCESS;
    case MC_CMD_DISABLE:
        InterlockedExchange(&McData.Enabled, 0);
        return STATUS_SUCCESS;
    default:
        return STATUS_INVALID_PARAMETER;
    }
}

NTSTATUS McOpenPort(VOID)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(MC_PORT_NAME);
    PSECURITY_DESCRIPTOR sd;
    OBJECT_ATTRIBUTES oa;
    NTSTATUS status;

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status))
        return status;

    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, sd);

    status = FltCreateCommunicationPort(McData.Filter, &McData.ServerPort, &oa, NULL,
                                        McConnect, McDisconnect, McMessage, 1);

    /* the port keeps its own copy of the descriptor */
    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        McData.ServerPort = NULL;
        MCERROR("FltCreateCommunicationPort 0x%08X\n", status);
    }
    return status;
}

VOID McClosePort(VOID)
{
    PAGED_CODE();

    if (McData.ServerPort != NULL) {
        FltCloseCommunicationPort(McData.ServerPort);
        McData.ServerPort = NULL;
    }
}

VOID McReport(_In_ PMC_HANDLE_CONTEXT Ctx)
{
    PMC_REPORT report;
    LARGE_INTEGER timeout;
    USHORT len;

    PAGED_CODE();

    if (McData.ClientPort == NULL || !McData.Enabled)
        return;

    report = (PMC_REPORT)ExAllocatePool2(POOL_FLAG_PAGED, sizeof(MC_REPORT), MC_MSG_TAG);
    if (report == NULL)
        return;

    report->ProcessId = Ctx->ProcessId;
    report->Writes = (ULONG)Ctx->Writes;
    len = min(Ctx->NameInfo->Name.Length, (USHORT)MC_MAX_NAME);
    RtlCopyMemory(report->Name, Ctx->NameInfo->Name.Buffer, len);
    report->NameLength = len;

    timeout.QuadPart = MC_SEND_TIMEOUT;
    (VOID)FltSendMessage(McData.Filter, &McData.ClientPort, report, sizeof(MC_REPORT),
                         NULL, NULL, &timeout);

    ExFreePoolWithTag(report, MC_MSG_TAG);
}
