/*++

    comm.c - filter communication port used by rgshield service.

--*/
#include "rgshield.h"

static NTSTATUS
RgPortConnect(
    _In_ PFLT_PORT ClientPort,
    _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
    _In_ ULONG SizeOfContext,
    _Outptr_result_maybenull_ PVOID *ConnectionCookie
    )
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    PAGED_CODE();

    g_Rg.ClientPort = ClientPort;
    *ConnectionCookie = NULL;
    RgDbg("service connected, pid %p", PsGetCurrentProcessId());
    return STATUS_SUCCESS;
}

static VOID
RgPortDisconnect(
    _In_opt_ PVOID ConnectionCookie
    )
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    PAGED_CODE();

    FltCloseClientPort(g_Rg.Filter, &g_Rg.ClientPort);
}

static NTSTATUS
RgPortMessage(
    _In_opt_ PVOID PortCookie,
    _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
    _In_ ULONG InputBufferLength,
    _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
    _In_ ULONG OutputBufferLength,
    _Out_ PULONG ReturnOutputBufferLength
    )
{
    RG_COMMAND command;
    PRG_PROCESS process;

    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(OutputBuffer);
    UNREFERENCED_PARAMETER(OutputBufferLength);

    *ReturnOutputBufferLength = 0;

    if (InputBuffer == NULL || InputBufferLength < sizeof(RG_COMMAND)) {
        return STATUS_INVALID_PARAMETER;
    }

    __try {
        ProbeForRead(InputBuffer, sizeof(RG_COMMAND), sizeof(ULONG));
        command = *(PRG_COMMAND)InputBuffer;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    switch (command.Command) {
    case 1:
        KeEnterCriticalRegion();
        ExAcquireResourceExclusiveLite(&g_Rg.ProcessLock, TRUE);
        process = RgLookupProcess(ULongToHandle(command.ProcessId), TRUE);
        if (process != NULL) {
            process->Trusted = TRUE;
            process->Blocked = FALSE;
            process->Score = 0;
        }
        ExReleaseResourceLite(&g_Rg.ProcessLock);
        KeLeaveCriticalRegion();
        return (process != NULL) ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;

    case 2:
        if (command.Value == 0) {
            return STATUS_INVALID_PARAMETER;
        }
        g_Rg.Threshold = command.Value;
        return STATUS_SUCCESS;

    default:
        return STATUS_INVALID_DEVICE_REQUEST;
    }
}

NTSTATUS
RgCommInitialize(
    _In_ PFLT_FILTER Filter
    )
{
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING portName = RTL_CONSTANT_STRING(RG_PORT_NAME);
    NTSTATUS status;

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    InitializeObjectAttributes(&oa, &portName,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, sd);

    status = FltCreateCommunicationPort(Filter,
                                        &g_Rg.ServerPort,
                                        &oa,
                                        NULL,
                                        RgPortConnect,
                                        RgPortDisconnect,
                                        RgPortMessage,
                                        1);
    FltFreeSecurityDescriptor(sd);
    return status;
}

VOID
RgCommShutdown(
    VOID
    )
{
    if (g_Rg.ServerPort != NULL) {
        FltCloseCommunicationPort(g_Rg.ServerPort);
        g_Rg.ServerPort = NULL;
    }
}

VOID
RgNotifyService(
    _In_ RG_MESSAGE_TYPE Type,
    _In_ HANDLE ProcessId,
    _In_ ULONG Score,
    _In_opt_ PCUNICODE_STRING Path
    )
{
    RG_NOTIFICATION note;
    LARGE_INTEGER timeout;

    if (g_Rg.ClientPort == NULL) {
        return;
    }

    RtlZeroMemory(&note, sizeof(note));
    note.Type = Type;
    note.ProcessId = HandleToULong(ProcessId);
    note.Score = Score;
    if (Path != NULL) {
        RtlCopyMemory(note.Path, Path->Buffer,
                      min(Path->Length, sizeof(note.Path) - sizeof(WCHAR)));
    }

    timeout.QuadPart = -10 * 1000 * 100;    /* 100 ms, never stall the writer */
    FltSendMessage(g_Rg.Filter, &g_Rg.ClientPort, &note, sizeof(note), NULL, NULL, &timeout);
}
