/*
 * net.c - one beacon = connect, send, graceful disconnect, close
 *
 * All WSK calls are IRP based.  WbSyncCall allocates an IRP, lets the
 * caller start the operation, waits if it pends, and returns the final
 * status (and Information) from the IRP.  The completion routine
 * returns STATUS_MORE_PROCESSING_REQUIRED, so the IRP is ours again
 * after the wait and is freed here.
 */

#include "wskbeacon.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, WbSendBeacon)
#endif

static IO_COMPLETION_ROUTINE WbIrpComplete;

static
NTSTATUS
WbIrpComplete(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp,
    _In_reads_opt_(_Inexpressible_("varies")) PVOID Context
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);

    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

typedef struct _WB_CALL {
    KEVENT  Event;
    PIRP    Irp;
} WB_CALL, *PWB_CALL;

static
NTSTATUS
WbCallBegin(
    _Out_ PWB_CALL Call
    )
{
    KeInitializeEvent(&Call->Event, NotificationEvent, FALSE);

    Call->Irp = IoAllocateIrp(1, FALSE);
    if (Call->Irp == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    IoSetCompletionRoutine(Call->Irp, WbIrpComplete, &Call->Event, TRUE, TRUE, TRUE);
    return STATUS_SUCCESS;
}

static
NTSTATUS
WbCallEnd(
    _Inout_ PWB_CALL Call,
    _In_ NTSTATUS StartStatus,
    _Out_opt_ PULONG_PTR Information
    )
{
    NTSTATUS status;

    if (StartStatus == STATUS_PENDING) {
        (VOID)KeWaitForSingleObject(&Call->Event, Executive, KernelMode, FALSE, NULL);
    }

    status = Call->Irp->IoStatus.Status;
    if (Information != NULL) {
        *Information = Call->Irp->IoStatus.Information;
    }

    IoFreeIrp(Call->Irp);
    Call->Irp = NULL;
    return status;
}

static
NTSTATUS
WbConnect(
    _In_ PWSK_PROVIDER_NPI Npi,
    _In_ PWB_CONTEXT Ctx,
    _Outptr_ PWSK_SOCKET *Socket
    )
{
    SOCKADDR_IN local;
    SOCKADDR_IN remote;
    WB_CALL call;
    ULONG_PTR info = 0;
    NTSTATUS status;

    *Socket = NULL;

    RtlZeroMemory(&local, sizeof(local));
    local.sin_family = AF_INET;
    local.sin_addr.s_addr = INADDR_ANY;
    local.sin_port = 0;

    RtlZeroMemory(&remote, sizeof(remote));
    remote.sin_family = AF_INET;
    remote.sin_addr.s_addr = Ctx->Config.CollectorAddress;
    remote.sin_port = Ctx->Config.CollectorPort;

    status = WbCallBegin(&call);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = Npi->Dispatch->WskSocketConnect(Npi->Client,
                                             SOCK_STREAM,
                                             IPPROTO_TCP,
                                             (PSOCKADDR)&local,
                                             (PSOCKADDR)&remote,
                                             0,
                                             NULL,
                                             NULL,
                                             NULL,
                                             NULL,
                                             NULL,
                                             call.Irp);

    status = WbCallEnd(&call, status, &info);
    if (NT_SUCCESS(status)) {
        *Socket = (PWSK_SOCKET)info;
    }
    return status;
}

static
NTSTATUS
WbSend(
    _In_ PWSK_SOCKET Socket,
    _In_ PWB_CONTEXT Ctx,
    _In_ ULONG Length
    )
{
    PWSK_PROVIDER_CONNECTION_DISPATCH dispatch =
        (PWSK_PROVIDER_CONNECTION_DISPATCH)Socket->Dispatch;
    WSK_BUF buf;
    WB_CALL call;
    ULONG_PTR sent = 0;
    NTSTATUS status;

    buf.Mdl = Ctx->SendMdl;
    buf.Offset = 0;
    buf.Length = Length;

    status = WbCallBegin(&call);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = dispatch->WskSend(Socket, &buf, 0, call.Irp);
    status = WbCallEnd(&call, status, &sent);

    if (NT_SUCCESS(status) && sent != Length) {
        status = STATUS_PARTIAL_COPY;
    }
    return status;
}

static
VOID
WbDisconnectAndClose(
    _In_ PWSK_SOCKET Socket
    )
{
    PWSK_PROVIDER_CONNECTION_DISPATCH dispatch =
        (PWSK_PROVIDER_CONNECTION_DISPATCH)Socket->Dispatch;
    WB_CALL call;
    NTSTATUS status;

    //
    // Graceful disconnect is best effort; the close below is not.
    //
    if (NT_SUCCESS(WbCallBegin(&call))) {
        status = dispatch->WskDisconnect(Socket, NULL, 0, call.Irp);
        (VOID)WbCallEnd(&call, status, NULL);
    }

    //
    // WskCloseSocket must always be called for a socket we own.  If no
    // IRP can be allocated, retry; the socket would leak otherwise.
    //
    while (!NT_SUCCESS(WbCallBegin(&call))) {
        LARGE_INTEGER delay;
        delay.QuadPart = -10 * 1000 * 10;       // 10 ms
        KeDelayExecutionThread(KernelMode, FALSE, &delay);
    }

    status = dispatch->Basic.WskCloseSocket(Socket, call.Irp);
    (VOID)WbCallEnd(&call, status, NULL);
}

_Use_decl_annotations_
NTSTATUS
WbSendBeacon(
    PWSK_PROVIDER_NPI Npi,
    PWB_CONTEXT Ctx,
    ULONG Length
    )
{
    PWSK_SOCKET socket = NULL;
    NTSTATUS status;

    PAGED_CODE();

    status = WbConnect(Npi, Ctx, &socket);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WbSend(socket, Ctx, Length);

    WbDisconnectAndClose(socket);
    return status;
}
