#include "mport.h"

static NTSTATUS FLTAPI
MpConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerCookie,
          _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
          _In_ ULONG SizeOfContext, _Outptr_result_maybenull_ PVOID *ConnectionCookie)
{
    PMP_CONNECTION conn;

    UNREFERENCED_PARAMETER(ServerCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);
    PAGED_CODE();

    conn = ExAllocatePoolWithTag(PagedPool, sizeof(*conn), MP_TAG_CONN);
    if (conn == NULL) {
        *ConnectionCookie = NULL;
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    conn->ClientPort = ClientPort;
    conn->ProcessId = HandleToULong(PsGetCurrentProcessId());

    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&MpG.ConnLock, TRUE);
    InsertTailList(&MpG.Connections, &conn->Link);
    MpG.ConnCount++;
    ExReleaseResourceLite(&MpG.ConnLock);
    KeLeaveCriticalRegion();

    *ConnectionCookie = conn;
    MP_TRACE("agent pid %lu connected (%lu total)", conn->ProcessId, MpG.ConnCount);
    return STATUS_SUCCESS;
}

static VOID FLTAPI
MpDisconnect(_In_opt_ PVOID ConnectionCookie)
{
    PMP_CONNECTION conn = (PMP_CONNECTION)ConnectionCookie;

    PAGED_CODE();
    if (conn == NULL) {
        return;
    }

    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&MpG.ConnLock, TRUE);
    RemoveEntryList(&conn->Link);
    MpG.ConnCount--;
    ExReleaseResourceLite(&MpG.ConnLock);
    KeLeaveCriticalRegion();

    /* nobody can reach conn through the list any more */
    FltCloseClientPort(MpG.Filter, &conn->ClientPort);
    ExFreePoolWithTag(conn, MP_TAG_CONN);
}

NTSTATUS
MpOpenServerPort(VOID)
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name = RTL_CONSTANT_STRING(MP_PORT_NAME);

    PAGED_CODE();

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, sd);
    status = FltCreateCommunicationPort(MpG.Filter, &MpG.ServerPort, &oa, NULL,
                                        MpConnect, MpDisconnect, NULL, MP_MAX_CONN);
    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        MpG.ServerPort = NULL;
    }
    return status;
}

VOID
MpCloseServerPort(VOID)
{
    PAGED_CODE();
    if (MpG.ServerPort != NULL) {
        FltCloseCommunicationPort(MpG.ServerPort);
        MpG.ServerPort = NULL;
    }
}

VOID
MpBroadcast(_In_ PMP_EVENT Event)
{
    PLIST_ENTRY e;
    LARGE_INTEGER timeout;

    PAGED_CODE();
    timeout.QuadPart = -10 * 1000 * 20;     /* 20ms: agents must be quick */

    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&MpG.ConnLock, TRUE);
    for (e = MpG.Connections.Flink; e != &MpG.Connections; e = e->Flink) {
        PMP_CONNECTION conn = CONTAINING_RECORD(e, MP_CONNECTION, Link);
        (VOID)FltSendMessage(MpG.Filter, &conn->ClientPort, Event, sizeof(*Event),
                             NULL, NULL, &timeout);
    }
    ExReleaseResourceLite(&MpG.ConnLock);
    KeLeaveCriticalRegion();
}
