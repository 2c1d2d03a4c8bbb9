#include "filter.h"

static NTSTATUS FLTAPI PortConnect(
    _In_ PFLT_PORT ClientPort,
    _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
    _In_ ULONG SizeOfContext,
    _Outptr_result_maybenull_ PVOID *ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    if (g_Mf.ClientPort != NULL) {
        return STATUS_ALREADY_REGISTERED;
    }
    g_Mf.ClientPort = ClientPort;
    g_Mf.ClientProcess = PsGetCurrentProcess();
    *ConnectionCookie = NULL;
    return STATUS_SUCCESS;
}

static VOID FLTAPI PortDisconnect(_In_opt_ PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);

    FltCloseClientPort(g_Mf.Filter, &g_Mf.ClientPort);
    g_Mf.ClientProcess = NULL;
}

static NTSTATUS FLTAPI PortMessage(
    _In_opt_ PVOID PortCookie,
    _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
    _In_ ULONG InputBufferLength,
    _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
    _In_ ULONG OutputBufferLength,
    _Out_ PULONG ReturnOutputBufferLength)
{
    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(InputBuffer);
    UNREFERENCED_PARAMETER(InputBufferLength);

    *ReturnOutputBufferLength = 0;
    if (OutputBuffer == NULL || OutputBufferLength < 2 * sizeof(LONG)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    __try {
        ((PLONG)OutputBuffer)[0] = g_Mf.Sent;
        ((PLONG)OutputBuffer)[1] = g_Mf.Dropped;
        *ReturnOutputBufferLength = 2 * sizeof(LONG);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

NTSTATUS PortsCreate(_In_ PFLT_FILTER Filter)
{
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name = RTL_CONSTANT_STRING(MF_PORT_NAME);
    NTSTATUS status;

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, sd);

    status = FltCreateCommunicationPort(Filter, &g_Mf.ServerPort, &oa, NULL,
                                        PortConnect, PortDisconnect, PortMessage, 1);
    FltFreeSecurityDescriptor(sd);
    return status;
}

VOID PortsClose(VOID)
{
    if (g_Mf.ServerPort != NULL) {
        FltCloseCommunicationPort(g_Mf.ServerPort);
        g_Mf.ServerPort = NULL;
    }
}

VOID PortsNotify(_In_ PFLT_FILE_NAME_INFORMATION NameInfo, _In_ ULONG Disposition)
{
    PMF_NOTIFICATION msg;
    LARGE_INTEGER timeout;
    NTSTATUS status;
    USHORT len;

    if (g_Mf.ClientPort == NULL || PsGetCurrentProcess() == g_Mf.ClientProcess) {
        return;
    }

    msg = (PMF_NOTIFICATION)ExAllocatePool2(POOL_FLAG_PAGED, sizeof(*msg), MF_TAG);
    if (msg == NULL) {
        InterlockedIncrement(&g_Mf.Dropped);
        return;
    }

    len = NameInfo->Name.Length;
    if (len > sizeof(msg->Name)) {
        len = sizeof(msg->Name);
    }
    msg->ProcessId = HandleToULong(PsGetCurrentProcessId());
    msg->Disposition = Disposition;
    msg->NameLength = len;
    RtlCopyMemory(msg->Name, NameInfo->Name.Buffer, len);

    timeout.QuadPart = -10 * 1000 * 50; /* 50 ms */
    status = FltSendMessage(g_Mf.Filter, &g_Mf.ClientPort, msg, sizeof(*msg),
                            NULL, NULL, &timeout);
    if (status == STATUS_SUCCESS) {
        InterlockedIncrement(&g_Mf.Sent);
    } else {
        InterlockedIncrement(&g_Mf.Dropped);
    }
    ExFreePoolWithTag(msg, MF_TAG);
}
