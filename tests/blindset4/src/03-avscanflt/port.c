/*
 * port.c - communication with the user-mode scanner.
 */
#include "avscan.h"

static NTSTATUS FLTAPI
AvPortConnect(
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

    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&Globals.PortLock, TRUE);
    Globals.ClientPort = ClientPort;
    Globals.ScannerProcess = PsGetCurrentProcess();
    Globals.ScanGeneration++;
    ExReleaseResourceLite(&Globals.PortLock);
    KeLeaveCriticalRegion();

    *ConnectionPortCookie = NULL;
    return STATUS_SUCCESS;
}

static VOID FLTAPI
AvPortDisconnect(_In_opt_ PVOID ConnectionCookie)
{
    PFLT_PORT port;

    UNREFERENCED_PARAMETER(ConnectionCookie);

    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&Globals.PortLock, TRUE);
    port = Globals.ClientPort;
    Globals.ClientPort = NULL;
    Globals.ScannerProcess = NULL;
    ExReleaseResourceLite(&Globals.PortLock);
    KeLeaveCriticalRegion();

    if (port != NULL) {
        FltCloseClientPort(Globals.Filter, &port);
    }
}

NTSTATUS
AvCreateCommunicationPort(VOID)
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name;

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlInitUnicodeString(&name, AV_PORT_NAME);
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, sd);

    status = FltCreateCommunicationPort(Globals.Filter,
                                        &Globals.ServerPort,
                                        &oa,
                                        NULL,
                                        AvPortConnect,
                                        AvPortDisconnect,
                                        NULL,
                                        AV_MAX_CONNECTIONS);

    /* The port keeps its own copy of the descriptor. */
    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        Globals.ServerPort = NULL;
    }
    return status;
}

VOID
AvCloseCommunicationPort(VOID)
{
    if (Globals.ServerPort != NULL) {
        FltCloseCommunicationPort(Globals.ServerPort);
        Globals.ServerPort = NULL;
    }
}

NTSTATUS
AvSendScanRequest(
    _In_ PFLT_CALLBACK_DATA Data,
    _In_ PFLT_FILE_NAME_INFORMATION NameInfo,
    _Out_ AV_VERDICT *Verdict
    )
{
    PAV_SCAN_REQUEST request;
    AV_SCAN_REPLY reply;
    ULONG replyLength = sizeof(reply);
    LARGE_INTEGER timeout;
    NTSTATUS status;

    *Verdict = AvVerdictUnknown;

    request = (PAV_SCAN_REQUEST)ExAllocateFromNPagedLookasideList(&Globals.RequestLookaside);
    if (request == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    request->ProcessId = FltGetRequestorProcessId(Data);
    request->PathBytes = min(NameInfo->Name.Length, (USHORT)sizeof(request->Path));
    RtlCopyMemory(request->Path, NameInfo->Name.Buffer, request->PathBytes);

    timeout.QuadPart = -10000LL * Globals.ScanTimeoutMs;

    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&Globals.PortLock, TRUE);
    if (Globals.ClientPort == NULL) {
        status = STATUS_PORT_DISCONNECTED;
    } else {
        status = FltSendMessage(Globals.Filter, &Globals.ClientPort,
                                request, sizeof(*request),
                                &reply, &replyLength, &timeout);
    }
    ExReleaseResourceLite(&Globals.PortLock);
    KeLeaveCriticalRegion();

    ExFreeToNPagedLookasideList(&Globals.RequestLookaside, request);

    if (status == STATUS_SUCCESS && replyLength >= sizeof(reply)) {
        *Verdict = (AV_VERDICT)reply.Verdict;
    } else if (status == STATUS_TIMEOUT) {
        *Verdict = Globals.BlockOnTimeout ? AvVerdictInfected : AvVerdictUnknown;
    }
    return status;
}
