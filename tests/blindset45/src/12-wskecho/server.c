/*
 * server.c - WSK registration and the echo thread.  The thread owns
 * everything it captures or creates and gives it all back before exiting.
 */
#include "wskecho.h"
#include "server.tmh"

static const WSK_CLIENT_DISPATCH EchoClientDispatch = {
    MAKE_WSK_VERSION(1, 0),
    0,
    NULL
};

static KSTART_ROUTINE EchoThread;
static IO_COMPLETION_ROUTINE EchoIrpDone;

/* ------------------------------------------------------------ helpers */

static NTSTATUS
EchoIrpDone(
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

/* Issue a WSK call on a fresh IRP and wait for it, or for StopEvent (then cancel). */
typedef NTSTATUS (*ECHO_WSK_CALL)(_In_ PVOID Ctx, _In_ PIRP Irp);

static NTSTATUS
EchoCallAndWait(
    _In_ ECHO_WSK_CALL Call,
    _In_ PVOID Ctx,
    _In_ BOOLEAN Cancelable,
    _Out_opt_ PULONG_PTR Information
    )
{
    KEVENT      done;
    PIRP        irp;
    NTSTATUS    status;
    PVOID       waits[2];

    irp = IoAllocateIrp(1, FALSE);
    if (irp == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeInitializeEvent(&done, NotificationEvent, FALSE);
    IoSetCompletionRoutine(irp, EchoIrpDone, &done, TRUE, TRUE, TRUE);

    (VOID)Call(Ctx, irp);           /* completion routine always runs */

    waits[0] = &done;
    waits[1] = &Globals.StopEvent;
    if (Cancelable &&
        KeWaitForMultipleObjects(2, waits, WaitAny, Executive, KernelMode, FALSE, NULL, NULL) != STATUS_WAIT_0) {
        IoCancelIrp(irp);
    }
    KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, NULL);

    status = irp->IoStatus.Status;
    if (Information != NULL) {
        *Information = irp->IoStatus.Information;
    }
    IoFreeIrp(irp);
    return status;
}

typedef struct _ECHO_OP {
    PWSK_PROVIDER_NPI   Npi;
    PWSK_SOCKET         Socket;
    PWSK_BUF            Buffer;
    SOCKADDR_IN         Addr;
} ECHO_OP, *PECHO_OP;

static NTSTATUS CallSocket(_In_ PVOID Ctx, _In_ PIRP Irp)
{
    PECHO_OP op = (PECHO_OP)Ctx;
    return op->Npi->Dispatch->WskSocket(op->Npi->Client, AF_INET, SOCK_DGRAM, IPPROTO_UDP,
                                        WSK_FLAG_DATAGRAM_SOCKET, NULL, NULL, NULL, NULL, NULL, Irp);
}

static NTSTATUS CallBind(_In_ PVOID Ctx, _In_ PIRP Irp)
{
    PECHO_OP op = (PECHO_OP)Ctx;
    return ((PWSK_PROVIDER_DATAGRAM_DISPATCH)op->Socket->Dispatch)->WskBind(
        op->Socket, (PSOCKADDR)&op->Addr, 0, Irp);
}

static NTSTATUS CallReceiveFrom(_In_ PVOID Ctx, _In_ PIRP Irp)
{
    PECHO_OP op = (PECHO_OP)Ctx;
    return ((PWSK_PROVIDER_DATAGRAM_DISPATCH)op->Socket->Dispatch)->WskReceiveFrom(
        op->Socket, op->Buffer, 0, (PSOCKADDR)&op->Addr, NULL, NULL, NULL, Irp);
}

static NTSTATUS CallSendTo(_In_ PVOID Ctx, _In_ PIRP Irp)
{
    PECHO_OP op = (PECHO_OP)Ctx;
    return ((PWSK_PROVIDER_DATAGRAM_DISPATCH)op->Socket->Dispatch)->WskSendTo(
        op->Socket, op->Buffer, 0, (PSOCKADDR)&op->Addr, 0, NULL, Irp);
}

static NTSTATUS CallClose(_In_ PVOID Ctx, _In_ PIRP Irp)
{
    PECHO_OP op = (PECHO_OP)Ctx;
    return ((PWSK_PROVIDER_BASIC_DISPATCH)op->Socket->Dispatch)->WskCloseSocket(op->Socket, Irp);
}

/* ------------------------------------------------------------ thread */

static VOID
EchoThread(
    _In_ PVOID StartContext
    )
{
    NTSTATUS            status;
    WSK_PROVIDER_NPI    npi;
    BOOLEAN             captured = FALSE;
    PUCHAR              data = NULL;
    PMDL                mdl = NULL;
    WSK_BUF             buf;
    ECHO_OP             op;
    ULONG_PTR           info = 0;

    UNREFERENCED_PARAMETER(StartContext);
    RtlZeroMemory(&op, sizeof(op));

    /* WSK may not be up yet at boot; keep trying until told to stop */
    for (;;) {
        status = WskCaptureProviderNPI(&Globals.Registration, ECHO_NPI_WAIT_MS, &npi);
        if (NT_SUCCESS(status)) {
            captured = TRUE;
            break;
        }
        if (status != STATUS_DEVICE_NOT_READY || KeReadStateEvent(&Globals.StopEvent)) {
            TraceEvents(TRACE_LEVEL_ERROR, TRACE_NET, "WskCaptureProviderNPI %!STATUS!", status);
            goto out;
        }
    }
    op.Npi = &npi;

    data = ExAllocatePool2(POOL_FLAG_NON_PAGED, ECHO_BUFFER_SIZE, ECHO_TAG);
    if (data == NULL) {
        goto out;
    }
    mdl = IoAllocateMdl(data, ECHO_BUFFER_SIZE, FALSE, FALSE, NULL);
    if (mdl == NULL) {
        goto out;
    }
    MmBuildMdlForNonPagedPool(mdl);

    status = EchoCallAndWait(CallSocket, &op, FALSE, &info);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_NET, "WskSocket %!STATUS!", status);
        goto out;
    }
    op.Socket = (PWSK_SOCKET)info;

    op.Addr.sin_family = AF_INET;
    op.Addr.sin_addr.s_addr = INADDR_ANY;
    op.Addr.sin_port = RtlUshortByteSwap(Globals.Port);
    status = EchoCallAndWait(CallBind, &op, FALSE, NULL);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_NET, "WskBind %!STATUS!", status);
        goto out;
    }

    buf.Mdl = mdl;
    buf.Offset = 0;
    op.Buffer = &buf;

    while (!KeReadStateEvent(&Globals.StopEvent)) {
        buf.Length = ECHO_BUFFER_SIZE;
        status = EchoCallAndWait(CallReceiveFrom, &op, TRUE, &info);
        if (!NT_SUCCESS(status) || info == 0) {
            continue;       /* cancelled on stop, or ICMP noise */
        }
        buf.Length = info;
        if (NT_SUCCESS(EchoCallAndWait(CallSendTo, &op, FALSE, NULL))) {
            InterlockedIncrement(&Globals.Echoed);
        }
    }

out:
    if (op.Socket != NULL) {
        (VOID)EchoCallAndWait(CallClose, &op, FALSE, NULL);
        op.Socket = NULL;
    }
    if (mdl != NULL) {
        IoFreeMdl(mdl);
    }
    if (data != NULL) {
        ExFreePoolWithTag(data, ECHO_TAG);
    }
    if (captured) {
        WskReleaseProviderNPI(&Globals.Registration);
    }
    PsTerminateSystemThread(STATUS_SUCCESS);
}

/* ------------------------------------------------------------ modules */

NTSTATUS
EchoWskInit(VOID)
{
    WSK_CLIENT_NPI  client;
    NTSTATUS        status;

    client.ClientContext = NULL;
    client.Dispatch = &EchoClientDispatch;

    status = WskRegister(&client, &Globals.Registration);
    Globals.Registered = NT_SUCCESS(status);
    return status;
}

VOID
EchoWskUninit(VOID)
{
    if (Globals.Registered) {
        WskDeregister(&Globals.Registration);
        Globals.Registered = FALSE;
    }
}

NTSTATUS
EchoServerStart(VOID)
{
    HANDLE      thread;
    NTSTATUS    status;

    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, NULL, NULL, NULL, EchoThread, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = ObReferenceObjectByHandle(thread, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       (PVOID *)&Globals.Thread, NULL);
    if (!NT_SUCCESS(status)) {
        KeSetEvent(&Globals.StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(thread, FALSE, NULL);
        Globals.Thread = NULL;
    }
    ZwClose(thread);
    return status;
}

VOID
EchoServerStop(VOID)
{
    KeSetEvent(&Globals.StopEvent, IO_NO_INCREMENT, FALSE);

    if (Globals.Thread != NULL) {
        KeWaitForSingleObject(Globals.Thread, Executive, KernelMode, FALSE, NULL);
        ObDereferenceObject(Globals.Thread);
        Globals.Thread = NULL;
    }
}
