/*++

Module Name:

    wskio.c

Abstract:

    Synchronous wrappers around the asynchronous WSK datagram socket calls.

    Every WSK call takes an IRP that the provider completes. We allocate one
    IRP per call, set a completion routine that signals an event and returns
    STATUS_MORE_PROCESSING_REQUIRED (so the I/O manager leaves the IRP to us),
    wait if the call pended, read the result, and free the IRP.

Environment:

    Kernel mode, PASSIVE_LEVEL

--*/

#include "wsklog.h"

typedef struct _WL_SYNC_IRP {
    KEVENT  Event;
    PIRP    Irp;
} WL_SYNC_IRP, *PWL_SYNC_IRP;

static IO_COMPLETION_ROUTINE WlSyncIrpCompletion;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, WlSocketOpen)
#pragma alloc_text(PAGE, WlSocketSendTo)
#pragma alloc_text(PAGE, WlSocketClose)
#endif

_Use_decl_annotations_
static NTSTATUS
WlSyncIrpCompletion(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp,
    PVOID Context
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);

    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static NTSTATUS
WlSyncIrpInit(
    _Out_ PWL_SYNC_IRP Sync
    )
{
    KeInitializeEvent(&Sync->Event, NotificationEvent, FALSE);

    Sync->Irp = IoAllocateIrp(1, FALSE);
    if (Sync->Irp == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    IoSetCompletionRoutine(Sync->Irp, WlSyncIrpCompletion, &Sync->Event, TRUE, TRUE, TRUE);
    return STATUS_SUCCESS;
}

static NTSTATUS
WlSyncIrpWait(
    _Inout_ PWL_SYNC_IRP Sync,
    _In_ NTSTATUS CallStatus
    )
{
    if (CallStatus == STATUS_PENDING) {
        (VOID)KeWaitForSingleObject(&Sync->Event, Executive, KernelMode, FALSE, NULL);
    }
    // The completion routine always runs, pended or not.
    return Sync->Irp->IoStatus.Status;
}

static VOID
WlSyncIrpFree(
    _Inout_ PWL_SYNC_IRP Sync
    )
{
    if (Sync->Irp != NULL) {
        IoFreeIrp(Sync->Irp);
        Sync->Irp = NULL;
    }
}

_Use_decl_annotations_
NTSTATUS
WlSocketOpen(
    PWSK_PROVIDER_NPI Npi,
    PWSK_SOCKET *Socket
    )
{
    NTSTATUS status;
    WL_SYNC_IRP sync;
    PWSK_SOCKET socket = NULL;
    SOCKADDR_IN local;
    const WSK_PROVIDER_DATAGRAM_DISPATCH *dispatch;

    PAGED_CODE();

    *Socket = NULL;

    //
    // Create
    //
    status = WlSyncIrpInit(&sync);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = Npi->Dispatch->WskSocket(Npi->Client,
                                      AF_INET,
                                      SOCK_DGRAM,
                                      IPPROTO_UDP,
                                      WSK_FLAG_DATAGRAM_SOCKET,
                                      NULL,         // no socket context
                                      NULL,         // no event callbacks
                                      NULL,
                                      NULL,
                                      NULL,
                                      sync.Irp);
    status = WlSyncIrpWait(&sync, status);
    if (NT_SUCCESS(status)) {
        socket = (PWSK_SOCKET)sync.Irp->IoStatus.Information;
    }
    WlSyncIrpFree(&sync);

    if (!NT_SUCCESS(status)) {
        return status;
    }

    //
    // Bind to the wildcard address, ephemeral port
    //
    dispatch = (const WSK_PROVIDER_DATAGRAM_DISPATCH *)socket->Dispatch;

    RtlZeroMemory(&local, sizeof(local));
    local.sin_family = AF_INET;
    local.sin_addr.s_addr = INADDR_ANY;
    local.sin_port = 0;

    status = WlSyncIrpInit(&sync);
    if (NT_SUCCESS(status)) {
        status = dispatch->WskBind(socket, (PSOCKADDR)&local, 0, sync.Irp);
        status = WlSyncIrpWait(&sync, status);
        WlSyncIrpFree(&sync);
    }

    if (!NT_SUCCESS(status)) {
        // the socket exists; it must be closed even though bind failed
        WlSocketClose(socket);
        return status;
    }

    *Socket = socket;
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
WlSocketSendTo(
    PWSK_SOCKET Socket,
    PSOCKADDR_IN Remote,
    PVOID Buffer,
    ULONG Length
    )
{
    NTSTATUS status;
    WL_SYNC_IRP sync;
    WSK_BUF wskBuf;
    PMDL mdl;
    const WSK_PROVIDER_DATAGRAM_DISPATCH *dispatch =
        (const WSK_PROVIDER_DATAGRAM_DISPATCH *)Socket->Dispatch;

    PAGED_CODE();

    //
    // Buffer is nonpaged (lookaside entry), so an MDL built for nonpaged
    // pool describes it without probing/locking.
    //
    mdl = IoAllocateMdl(Buffer, Length, FALSE, FALSE, NULL);
    if (mdl == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    MmBuildMdlForNonPagedPool(mdl);

    wskBuf.Mdl = mdl;
    wskBuf.Offset = 0;
    wskBuf.Length = Length;

    status = WlSyncIrpInit(&sync);
    if (NT_SUCCESS(status)) {
        status = dispatch->WskSendTo(Socket, &wskBuf, 0, (PSOCKADDR)Remote, 0, NULL, sync.Irp);
        status = WlSyncIrpWait(&sync, status);
        WlSyncIrpFree(&sync);
    }

    IoFreeMdl(mdl);
    return status;
}

_Use_decl_annotations_
VOID
WlSocketClose(
    PWSK_SOCKET Socket
    )
{
    NTSTATUS status;
    WL_SYNC_IRP sync;
    const WSK_PROVIDER_BASIC_DISPATCH *dispatch =
        (const WSK_PROVIDER_BASIC_DISPATCH *)Socket->Dispatch;

    PAGED_CODE();

    //
    // WskCloseSocket needs an IRP; if we cannot allocate one, retry: a
    // socket left open would keep WskDeregister waiting forever.
    //
    for (;;) {
        status = WlSyncIrpInit(&sync);
        if (NT_SUCCESS(status)) {
            break;
        }
        {
            LARGE_INTEGER delay;
            delay.QuadPart = -10LL * 1000 * 50;    // 50 ms
            KeDelayExecutionThread(KernelMode, FALSE, &delay);
        }
    }

    status = dispatch->WskCloseSocket(Socket, sync.Irp);
    (VOID)WlSyncIrpWait(&sync, status);
    WlSyncIrpFree(&sync);
}
