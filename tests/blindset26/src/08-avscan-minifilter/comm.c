/*++

Module Name:    comm.c

Abstract:       Communication port between the AvScan minifilter and AvScanSvc.
--*/

#include "avscan.h"

static NTSTATUS FLTAPI AvConnect(
    _In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext, _In_ ULONG SizeOfContext,
    _Outptr_result_maybenull_ PVOID *ConnectionCookie);
static VOID FLTAPI AvDisconnect(_In_opt_ PVOID ConnectionCookie);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, AvCommCreatePort)
#pragma alloc_text(PAGE, AvCommClosePort)
#pragma alloc_text(PAGE, AvConnect)
#pragma alloc_text(PAGE, AvDisconnect)
#endif

static NTSTATUS FLTAPI
AvConnect(
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

    NT_ASSERT(g_Av.ClientPort == NULL);

    g_Av.ServiceProcess = PsGetCurrentProcess();
    g_Av.ClientPort = ClientPort;
    *ConnectionCookie = NULL;

    AvTraceInfo("scan service connected (pid %p)", PsGetCurrentProcessId());
    return STATUS_SUCCESS;
}

static VOID FLTAPI
AvDisconnect(
    _In_opt_ PVOID ConnectionCookie
    )
{
    UNREFERENCED_PARAMETER(ConnectionCookie);

    PAGED_CODE();

    AvTraceInfo("scan service disconnected");

    FltCloseClientPort(g_Av.Filter, &g_Av.ClientPort);
    g_Av.ServiceProcess = NULL;
}

_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
AvCommCreatePort(
    _In_ PFLT_FILTER Filter,
    _Outptr_ PFLT_PORT *ServerPort
    )
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING portName = RTL_CONSTANT_STRING(AV_PORT_NAME);

    PAGED_CODE();

    *ServerPort = NULL;

    // Default descriptor: SYSTEM and Administrators only.
    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    InitializeObjectAttributes(&oa, &portName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, sd);

    status = FltCreateCommunicationPort(Filter, ServerPort, &oa, NULL,
                                        AvConnect, AvDisconnect, NULL, 1);

    // The port keeps its own reference to the descriptor.
    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        *ServerPort = NULL;
    }
    return status;
}

_IRQL_requires_(PASSIVE_LEVEL)
VOID
AvCommClosePort(
    _Inout_ PFLT_PORT *ServerPort
    )
{
    PAGED_CODE();

    if (*ServerPort != NULL) {
        FltCloseCommunicationPort(*ServerPort);
        *ServerPort = NULL;
    }
}

_IRQL_requires_max_(APC_LEVEL)
AV_VERDICT
AvCommScan(
    _In_ PFLT_CALLBACK_DATA Data
    )
{
    NTSTATUS status;
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    PAV_REQUEST request;
    ULONG replyLength = sizeof(AV_SCAN_REPLY);
    LARGE_INTEGER timeout;
    AV_VERDICT verdict = AvVerdictUnknown;
    USHORT bytes;

    if (g_Av.ClientPort == NULL) {
        return AvVerdictUnknown;
    }

    status = FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &nameInfo);
    if (!NT_SUCCESS(status)) {
        return AvVerdictUnknown;
    }

    request = (PAV_REQUEST)ExAllocateFromNPagedLookasideList(&g_Av.RequestLookaside);
    if (request == NULL) {
        FltReleaseFileNameInformation(nameInfo);
        return AvVerdictUnknown;
    }
    RtlZeroMemory(request, sizeof(*request));

    request->Message.ProcessId = HandleToULong(PsGetCurrentProcessId());
    bytes = (USHORT)min(nameInfo->Name.Length, (AV_MAX_PATH_CHARS - 1) * sizeof(WCHAR));
    RtlCopyMemory(request->Message.Path, nameInfo->Name.Buffer, bytes);
    request->Message.PathLength = bytes;
    FltReleaseFileNameInformation(nameInfo);

    timeout.QuadPart = -10000LL * g_Av.ScanTimeoutMs;
    InterlockedIncrement(&g_Av.ScansIssued);

    status = FltSendMessage(g_Av.Filter, &g_Av.ClientPort,
                            &request->Message, sizeof(AV_SCAN_MESSAGE),
                            &request->Reply, &replyLength, &timeout);
    if (status == STATUS_SUCCESS && replyLength >= sizeof(AV_SCAN_REPLY)) {
        verdict = (AV_VERDICT)request->Reply.Verdict;
    } else {
        AvTraceVerbose("no verdict (0x%08X)", status);
    }

    ExFreeToNPagedLookasideList(&g_Av.RequestLookaside, request);
    return verdict;
}
