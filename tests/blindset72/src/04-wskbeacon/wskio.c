/*
 * wskio.c - minimal synchronous wrappers around WSK datagram calls
 */
#include "beacon.h"

static IO_COMPLETION_ROUTINE BcnIrpDone;

static NTSTATUS
BcnIrpDone(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static PIRP
BcnPrepIrp(PKEVENT Ev)
{
    PIRP irp = IoAllocateIrp(1, FALSE);
    if (irp) {
        KeInitializeEvent(Ev, NotificationEvent, FALSE);
        IoSetCompletionRoutine(irp, BcnIrpDone, Ev, TRUE, TRUE, TRUE);
    }
    return irp;
}

static NTSTATUS
BcnWait(PIRP Irp, PKEVENT Ev, NTSTATUS Pending)
{
    if (Pending == STATUS_PENDING) {
        KeWaitForSingleObject(Ev, Executive, KernelMode, FALSE, NULL);
    }
    return Irp->IoStatus.Status;
}

NTSTATUS
BcnOpenSocket(VOID)
{
    KEVENT ev;
    PIRP irp;
    NTSTATUS st;
    SOCKADDR_IN local = { 0 };
    const WSK_PROVIDER_DATAGRAM_DISPATCH *dgram;

    irp = BcnPrepIrp(&ev);
    if (!irp)
        return STATUS_INSUFFICIENT_RESOURCES;

    st = g_Bcn.Provider.Dispatch->WskSocket(g_Bcn.Provider.Client,
                                            AF_INET, SOCK_DGRAM, IPPROTO_UDP,
                                            WSK_FLAG_DATAGRAM_SOCKET,
                                            NULL, NULL, NULL, NULL, NULL, irp);
    st = BcnWait(irp, &ev, st);
    if (NT_SUCCESS(st))
        g_Bcn.Socket = (PWSK_SOCKET)irp->IoStatus.Information;
    IoFreeIrp(irp);
    if (!NT_SUCCESS(st))
        return st;

    local.sin_family = AF_INET;
    local.sin_addr.s_addr = INADDR_ANY;
    local.sin_port = 0;

    dgram = (const WSK_PROVIDER_DATAGRAM_DISPATCH *)g_Bcn.Socket->Dispatch;
    irp = BcnPrepIrp(&ev);
    if (!irp) {
        BcnCloseSocket();
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    st = dgram->WskBind(g_Bcn.Socket, (PSOCKADDR)&local, 0, irp);
    st = BcnWait(irp, &ev, st);
    IoFreeIrp(irp);
    if (!NT_SUCCESS(st))
        BcnCloseSocket();
    return st;
}

VOID
BcnCloseSocket(VOID)
{
    KEVENT ev;
    PIRP irp;
    NTSTATUS st;
    const WSK_PROVIDER_BASIC_DISPATCH *basic;

    if (!g_Bcn.Socket)
        return;

    basic = (const WSK_PROVIDER_BASIC_DISPATCH *)g_Bcn.Socket->Dispatch;
    irp = BcnPrepIrp(&ev);
    if (irp) {
        st = basic->WskCloseSocket(g_Bcn.Socket, irp);
        BcnWait(irp, &ev, st);
        IoFreeIrp(irp);
    }
    g_Bcn.Socket = NULL;
}

NTSTATUS
BcnSend(PVOID Data, ULONG Len)
{
    KEVENT ev;
    PIRP irp;
    NTSTATUS st;
    WSK_BUF buf;
    SOCKADDR_IN dst = { 0 };
    const WSK_PROVIDER_DATAGRAM_DISPATCH *dgram;

    buf.Mdl = IoAllocateMdl(Data, Len, FALSE, FALSE, NULL);
    if (!buf.Mdl)
        return STATUS_INSUFFICIENT_RESOURCES;
    MmBuildMdlForNonPagedPool(buf.Mdl);
    buf.Offset = 0;
    buf.Length = Len;

    dst.sin_family = AF_INET;
    dst.sin_port = RtlUshortByteSwap((USHORT)g_Bcn.Port);
    dst.sin_addr.s_addr = INADDR_BROADCAST;

    irp = BcnPrepIrp(&ev);
    if (!irp) {
        IoFreeMdl(buf.Mdl);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    dgram = (const WSK_PROVIDER_DATAGRAM_DISPATCH *)g_Bcn.Socket->Dispatch;
    st = dgram->WskSendTo(g_Bcn.Socket, &buf, 0, (PSOCKADDR)&dst, 0, NULL, irp);
    st = BcnWait(irp, &ev, st);

    IoFreeIrp(irp);
    IoFreeMdl(buf.Mdl);
    return st;
}
