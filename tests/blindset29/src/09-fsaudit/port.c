// port.c - communication port with the audit service (single connection).

#include "fsaudit.h"

static NTSTATUS FLTAPI
FsaConnect(
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

    FltAcquirePushLockExclusive(&g_Fsa.PortLock);
    NT_ASSERT(g_Fsa.ClientPort == NULL);
    g_Fsa.ClientPort = ClientPort;
    FltReleasePushLock(&g_Fsa.PortLock);

    *ConnectionCookie = NULL;
    return STATUS_SUCCESS;
}

static VOID FLTAPI
FsaDisconnect(
    _In_opt_ PVOID ConnectionCookie
    )
{
    UNREFERENCED_PARAMETER(ConnectionCookie);

    FltAcquirePushLockExclusive(&g_Fsa.PortLock);
    FltCloseClientPort(g_Fsa.Filter, &g_Fsa.ClientPort);
    FltReleasePushLock(&g_Fsa.PortLock);
}

static NTSTATUS FLTAPI
FsaMessage(
    _In_opt_ PVOID PortCookie,
    _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
    _In_ ULONG InputBufferLength,
    _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
    _In_ ULONG OutputBufferLength,
    _Out_ PULONG ReturnOutputBufferLength
    )
{
    ULONG mask;

    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(OutputBuffer);
    UNREFERENCED_PARAMETER(OutputBufferLength);

    *ReturnOutputBufferLength = 0;

    if (InputBuffer == NULL || InputBufferLength < sizeof(FSA_COMMAND)) {
        return STATUS_INVALID_PARAMETER;
    }

    __try {
        ProbeForRead(InputBuffer, sizeof(FSA_COMMAND), TYPE_ALIGNMENT(ULONG));
        mask = ((PFSA_COMMAND)InputBuffer)->AuditMask;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    InterlockedExchange(&g_Fsa.AuditMask, (LONG)(mask & (FSA_EVENT_OPEN | FSA_EVENT_MODIFIED | FSA_EVENT_DELETED)));
    return STATUS_SUCCESS;
}

NTSTATUS
FsaCreateServerPort(
    _In_ PFLT_FILTER Filter
    )
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING portName = RTL_CONSTANT_STRING(FSA_PORT_NAME);

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    InitializeObjectAttributes(&oa, &portName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, sd);

    status = FltCreateCommunicationPort(Filter,
                                        &g_Fsa.ServerPort,
                                        &oa,
                                        NULL,
                                        FsaConnect,
                                        FsaDisconnect,
                                        FsaMessage,
                                        1);

    // the port keeps its own copy of the descriptor
    FltFreeSecurityDescriptor(sd);
    return status;
}

VOID
FsaSendRecord(
    _In_ PFLT_CALLBACK_DATA Data,
    _In_ ULONG EventType,
    _In_ ULONG ProcessId
    )
{
    PFSA_RECORD rec;
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    LARGE_INTEGER timeout;
    NTSTATUS status;

    rec = (PFSA_RECORD)ExAllocateFromLookasideListEx(&g_Fsa.RecordPool);
    if (rec == NULL) {
        InterlockedIncrement(&g_Fsa.SendFailures);
        return;
    }

    RtlZeroMemory(rec, sizeof(*rec));
    rec->EventType = EventType;
    rec->ProcessId = ProcessId;
    KeQuerySystemTime(&rec->Time);

    if (NT_SUCCESS(FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &nameInfo))) {
        USHORT bytes = min(nameInfo->Name.Length, (USHORT)(sizeof(rec->Name) - sizeof(WCHAR)));
        RtlCopyMemory(rec->Name, nameInfo->Name.Buffer, bytes);
        rec->NameLength = bytes;
        FltReleaseFileNameInformation(nameInfo);
    }

    timeout.QuadPart = -10LL * 1000 * FSA_SEND_TIMEOUT_MS;

    FltAcquirePushLockShared(&g_Fsa.PortLock);
    if (g_Fsa.ClientPort != NULL) {
        status = FltSendMessage(g_Fsa.Filter, &g_Fsa.ClientPort, rec, sizeof(*rec), NULL, NULL, &timeout);
        if (status != STATUS_SUCCESS) {
            InterlockedIncrement(&g_Fsa.SendFailures);
        }
    }
    FltReleasePushLock(&g_Fsa.PortLock);

    ExFreeToLookasideListEx(&g_Fsa.RecordPool, rec);
}
