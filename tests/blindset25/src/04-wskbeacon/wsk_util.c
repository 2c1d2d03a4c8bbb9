/*
 * wsk_util.c
 *
 * Every WSK call takes an IRP and completes it, so for a simple driver like
 * this one we allocate an IRP per call, set a completion routine that signals
 * an event and wait for it when the call pends.
 */
#include "wsk_util.h"

static IO_COMPLETION_ROUTINE WkSyncIrpComplete;

static NTSTATUS WkSyncIrpComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);

    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    /* we own the irp, IoFreeIrp happens in WkSyncFree */
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static NTSTATUS WkSyncInit(PWK_SYNC Sync)
{
    KeInitializeEvent(&Sync->Event, NotificationEvent, FALSE);

    Sync->Irp = IoAllocateIrp(1, FALSE);
    if (Sync->Irp == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    IoSetCompletionRoutine(Sync->Irp, WkSyncIrpComplete, &Sync->Event, TRUE, TRUE, TRUE);
    return STATUS_SUCCESS;
}

static NTSTATUS WkSyncWait(PWK_SYNC Sync, NTSTATUS Status)
{
    if (Status == STATUS_PENDING) {
        KeWaitForSingleObject(&Sync->Event, Executive, KernelMode, FALSE, NULL);
        Status = Sync->Irp->IoStatus.Status;
    }
    return Status;
}

static VOID WkSyncFree(PWK_SYNC Sync)
{
    if (Sync->Irp != NULL) {
        IoFreeIrp(Sync->Irp);
        Sync->Irp = NULL;
    }
}

NTSTATUS WkCreateDatagramSocket(PWSK_PROVIDER_NPI Npi, PWSK_SOCKET *Socket)
{
    WK_SYNC sync;
    NTSTATUS status;

    *Socket = NULL;

    status = WkSyncInit(&sync);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = Npi->Dispatch->WskSocket(Npi->Client,
                                      AF_INET,
                                      SOCK_DGRAM,
                                      IPPROTO_UDP,
                                      WSK_FLAG_DATAGRAM_SOCKET,
                                      NULL,     /* no socket context   */
                                      NULL,     /* no event callbacks  */
                                      NULL, NULL, NULL,
                                      sync.Irp);
    status = WkSyncWait(&sync, status);
    if (NT_SUCCESS(status)) {
        *Socket = (PWSK_SOCKET)sync.Irp->IoStatus.Information;
    }

    WkSyncFree(&sync);
    return status;
}

NTSTATUS WkBind(PWSK_SOCKET Socket, PSOCKADDR Local)
{
    const WSK_PROVIDER_DATAGRAM_DISPATCH *dispatch =
        (const WSK_PROVIDER_DATAGRAM_DISPATCH *)Socket->Dispatch;
    WK_SYNC sync;
    NTSTATUS status;

    status = WkSyncInit(&sync);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = dispatch->WskBind(Socket, Local, 0, sync.Irp);
    status = WkSyncWait(&sync, status);

    WkSyncFree(&sync);
    return status;
}

NTSTATUS WkSendTo(PWSK_SOCKET Socket, PSOCKADDR Remote, PVOID Data, ULONG Length)
{
    const WSK_PROVIDER_DATAGRAM_DISPATCH *dispatch =
        (const WSK_PROVIDER_DATAGRAM_DISPATCH *)Socket->Dispatch;
    WSK_BUF wskBuf;
    WK_SYNC sync;
    PMDL mdl;
    NTSTATUS status;

    /* Data must be nonpaged, the callers allocate it from NonPagedPoolNx */
    mdl = IoAllocateMdl(Data, Length, FALSE, FALSE, NULL);
    if (mdl == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    MmBuildMdlForNonPagedPool(mdl);

    status = WkSyncInit(&sync);
    if (!NT_SUCCESS(status)) {
        IoFreeMdl(mdl);
        return status;
    }

    wskBuf.Mdl = mdl;
    wskBuf.Offset = 0;
    wskBuf.Length = Length;

    status = dispatch->WskSendTo(Socket, &wskBuf, 0, Remote, 0, NULL, sync.Irp);
    status = WkSyncWait(&sync, status);

    WkSyncFree(&sync);
    IoFreeMdl(mdl);
    return status;
}

NTSTATUS WkClose(PWSK_SOCKET Socket)
{
    const WSK_PROVIDER_BASIC_DISPATCH *dispatch =
        (const WSK_PROVIDER_BASIC_DISPATCH *)Socket->Dispatch;
    WK_SYNC sync;
    NTSTATUS status;

    status = WkSyncInit(&sync);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = dispatch->WskCloseSocket(Socket, sync.Irp);
    status = WkSyncWait(&sync, status);

    WkSyncFree(&sync);
    return status;
}
