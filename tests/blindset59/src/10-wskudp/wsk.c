/*
 * wsk.c - the heartbeat thread and its socket helpers
 */
#include "wskudp.h"

static IO_COMPLETION_ROUTINE WuIrpDone;

_Use_decl_annotations_
static NTSTATUS
WuIrpDone(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static VOID
WuArm(PIRP Irp, PKEVENT Event)
{
    IoReuseIrp(Irp, STATUS_UNSUCCESSFUL);
    KeClearEvent(Event);
    IoSetCompletionRoutine(Irp, WuIrpDone, Event, TRUE, TRUE, TRUE);
}

static NTSTATUS
WuWait(PIRP Irp, PKEVENT Event, NTSTATUS Issued)
{
    if (Issued == STATUS_PENDING) {
        KeWaitForSingleObject(Event, Executive, KernelMode, FALSE, NULL);
        Issued = Irp->IoStatus.Status;
    }
    return Issued;
}

static NTSTATUS
WuOpenSocket(PWSK_PROVIDER_NPI Npi, PIRP Irp, PKEVENT Event, PWSK_SOCKET *Socket)
{
    NTSTATUS status;
    PWSK_SOCKET sock;
    SOCKADDR_IN local;
    const WSK_PROVIDER_DATAGRAM_DISPATCH *dispatch;

    *Socket = NULL;

    WuArm(Irp, Event);
    status = WuWait(Irp, Event,
                    Npi->Dispatch->WskSocket(Npi->Client, AF_INET, SOCK_DGRAM, IPPROTO_UDP,
                                             WSK_FLAG_DATAGRAM_SOCKET, NULL, NULL,
                                             NULL, NULL, NULL, Irp));
    if (!NT_SUCCESS(status)) {
        WU_ERR("WskSocket 0x%08X", status);
        return status;
    }
    sock = (PWSK_SOCKET)Irp->IoStatus.Information;
    dispatch = (const WSK_PROVIDER_DATAGRAM_DISPATCH *)sock->Dispatch;

    RtlZeroMemory(&local, sizeof(local));
    local.sin_family = AF_INET;

    WuArm(Irp, Event);
    status = WuWait(Irp, Event, dispatch->WskBind(sock, (PSOCKADDR)&local, 0, Irp));
    if (!NT_SUCCESS(status)) {
        WU_ERR("WskBind 0x%08X", status);
        WuArm(Irp, Event);
        WuWait(Irp, Event, dispatch->Basic.WskCloseSocket(sock, Irp));
        return status;
    }

    *Socket = sock;
    return STATUS_SUCCESS;
}

static VOID
WuCloseSocket(PWSK_SOCKET Socket, PIRP Irp, PKEVENT Event)
{
    const WSK_PROVIDER_BASIC_DISPATCH *basic =
        (const WSK_PROVIDER_BASIC_DISPATCH *)Socket->Dispatch;

    WuArm(Irp, Event);
    WuWait(Irp, Event, basic->WskCloseSocket(Socket, Irp));
}

static NTSTATUS
WuSend(PWSK_SOCKET Socket, PIRP Irp, PKEVENT Event, PWSK_BUF Buf, PWU_GLOBALS G)
{
    const WSK_PROVIDER_DATAGRAM_DISPATCH *dispatch =
        (const WSK_PROVIDER_DATAGRAM_DISPATCH *)Socket->Dispatch;

    WuArm(Irp, Event);
    return WuWait(Irp, Event,
                  dispatch->WskSendTo(Socket, Buf, 0, (PSOCKADDR)&G->Destination,
                                      0, NULL, Irp));
}

VOID
WuHeartbeatThread(_In_ PVOID Context)
{
    PWU_GLOBALS g = (PWU_GLOBALS)Context;
    NTSTATUS status;
    WSK_PROVIDER_NPI npi;
    BOOLEAN captured = FALSE;
    PWSK_SOCKET sock = NULL;
    PIRP irp = NULL;
    KEVENT done;
    PCHAR payload = NULL;
    PMDL mdl = NULL;
    WSK_BUF buf;
    LARGE_INTEGER interval;
    LONG seq;

    KeInitializeEvent(&done, NotificationEvent, FALSE);

    irp = IoAllocateIrp(1, FALSE);
    payload = (PCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, WU_PAYLOAD_MAX, WU_TAG);
    if (irp == NULL || payload == NULL) {
        goto out;
    }
    mdl = IoAllocateMdl(payload, WU_PAYLOAD_MAX, FALSE, FALSE, NULL);
    if (mdl == NULL) {
        goto out;
    }
    MmBuildMdlForNonPagedPool(mdl);

    /* wait for the provider in slices so unload can still stop us */
    for (;;) {
        status = WskCaptureProviderNPI(&g->Registration, WU_CAPTURE_SLICE_MS, &npi);
        if (NT_SUCCESS(status)) {
            captured = TRUE;
            break;
        }
        if (status != STATUS_DEVICE_NOT_READY ||
            KeReadStateEvent(&g->StopEvent) != 0) {
            WU_ERR("no WSK provider (0x%08X)", status);
            goto out;
        }
    }

    status = WuOpenSocket(&npi, irp, &done, &sock);
    if (!NT_SUCCESS(status)) {
        goto out;
    }

    interval.QuadPart = -10LL * 1000 * 1000 * (LONGLONG)g->IntervalSec;
    while (KeWaitForSingleObject(&g->StopEvent, Executive, KernelMode,
                                 FALSE, &interval) == STATUS_TIMEOUT) {
        seq = InterlockedIncrement(&g->Sent);
        RtlZeroMemory(payload, WU_PAYLOAD_MAX);
        RtlStringCbPrintfA(payload, WU_PAYLOAD_MAX, "hb %ld", seq);

        buf.Mdl = mdl;
        buf.Offset = 0;
        buf.Length = strlen(payload);
        status = WuSend(sock, irp, &done, &buf, g);
        if (!NT_SUCCESS(status)) {
            WU_ERR("send #%ld 0x%08X", seq, status);
        }
    }

out:
    if (sock != NULL) {
        WuCloseSocket(sock, irp, &done);
    }
    if (captured) {
        WskReleaseProviderNPI(&g->Registration);
    }
    if (mdl != NULL) {
        IoFreeMdl(mdl);
    }
    if (payload != NULL) {
        ExFreePoolWithTag(payload, WU_TAG);
    }
    if (irp != NULL) {
        IoFreeIrp(irp);
    }
    PsTerminateSystemThread(STATUS_SUCCESS);
}
