/*
 * sock.c - WSK registration and the beacon thread
 */
#include "beacon.h"
#include <ntstrsafe.h>

static const WSK_CLIENT_DISPATCH BcnDispatch = { MAKE_WSK_VERSION(1, 0), 0, NULL };

static IO_COMPLETION_ROUTINE BcnIrpDone;

static NTSTATUS
BcnIrpDone(
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

/* issue-and-wait helper; datagram calls complete quickly, no cancel needed */
static NTSTATUS
BcnCall(
    _In_ PIRP Irp,
    _In_ PKEVENT Done,
    _In_ NTSTATUS CallStatus
    )
{
    if (CallStatus == STATUS_PENDING) {
        KeWaitForSingleObject(Done, Executive, KernelMode, FALSE, NULL);
    }
    return Irp->IoStatus.Status;
}

static VOID
BcnRearm(
    _In_ PIRP Irp,
    _In_ PKEVENT Done
    )
{
    KeResetEvent(Done);
    IoReuseIrp(Irp, STATUS_UNSUCCESSFUL);
    IoSetCompletionRoutine(Irp, BcnIrpDone, Done, TRUE, TRUE, TRUE);
}

NTSTATUS
BcnRegister(VOID)
{
    WSK_CLIENT_NPI npi;
    NTSTATUS status;

    npi.ClientContext = NULL;
    npi.Dispatch = &BcnDispatch;
    status = WskRegister(&npi, &Bcn.Registration);
    Bcn.Registered = NT_SUCCESS(status);
    return status;
}

VOID
BcnDeregister(VOID)
{
    if (Bcn.Registered) {
        WskDeregister(&Bcn.Registration);
        Bcn.Registered = FALSE;
    }
}

static VOID
BcnRun(
    _In_ PWSK_PROVIDER_NPI Npi
    )
{
    PIRP            irp;
    KEVENT          done;
    NTSTATUS        status;
    PWSK_SOCKET     sock = NULL;
    PCHAR           payload = NULL;
    PMDL            mdl = NULL;
    SOCKADDR_IN     local = { 0 }, remote = { 0 };
    WSK_BUF         wb;
    LARGE_INTEGER   interval;
    size_t          len;

    irp = IoAllocateIrp(1, FALSE);
    if (irp == NULL) {
        return;
    }
    KeInitializeEvent(&done, SynchronizationEvent, FALSE);

    BcnRearm(irp, &done);
    status = BcnCall(irp, &done,
                     Npi->Dispatch->WskSocket(Npi->Client, AF_INET, SOCK_DGRAM, IPPROTO_UDP,
                                              WSK_FLAG_DATAGRAM_SOCKET, NULL, NULL,
                                              NULL, NULL, NULL, irp));
    if (!NT_SUCCESS(status)) {
        BERR("WskSocket 0x%08X\n", status);
        goto out;
    }
    sock = (PWSK_SOCKET)irp->IoStatus.Information;

    local.sin_family = AF_INET;
    BcnRearm(irp, &done);
    status = BcnCall(irp, &done,
                     ((PWSK_PROVIDER_DATAGRAM_DISPATCH)sock->Dispatch)->WskBind(sock, (PSOCKADDR)&local, 0, irp));
    if (!NT_SUCCESS(status)) {
        BERR("WskBind 0x%08X\n", status);
        goto out;
    }

    payload = (PCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, BCN_PAYLOAD_MAX, BCN_TAG);
    if (payload == NULL) {
        goto out;
    }
    mdl = IoAllocateMdl(payload, BCN_PAYLOAD_MAX, FALSE, FALSE, NULL);
    if (mdl == NULL) {
        goto out;
    }
    MmBuildMdlForNonPagedPool(mdl);

    remote.sin_family = AF_INET;
    remote.sin_addr.s_addr = BCN_COLLECTOR_IP;
    remote.sin_port = RtlUshortByteSwap(BCN_COLLECTOR_PORT);
    interval.QuadPart = -10LL * 1000 * BCN_INTERVAL_MS;

    do {
        RtlStringCbPrintfA(payload, BCN_PAYLOAD_MAX, "BEACON seq=%lu tick=%I64u\n",
                           Bcn.Sent, KeQueryInterruptTime());
        RtlStringCbLengthA(payload, BCN_PAYLOAD_MAX, &len);
        wb.Mdl = mdl;
        wb.Offset = 0;
        wb.Length = len;

        BcnRearm(irp, &done);
        status = BcnCall(irp, &done,
                         ((PWSK_PROVIDER_DATAGRAM_DISPATCH)sock->Dispatch)->WskSendTo(
                             sock, &wb, 0, (PSOCKADDR)&remote, 0, NULL, irp));
        if (NT_SUCCESS(status)) {
            Bcn.Sent++;
        }
    } while (KeWaitForSingleObject(&Bcn.Stop, Executive, KernelMode, FALSE, &interval) == STATUS_TIMEOUT);

out:
    if (mdl != NULL) {
        IoFreeMdl(mdl);
    }
    if (payload != NULL) {
        ExFreePoolWithTag(payload, BCN_TAG);
    }
    if (sock != NULL) {
        BcnRearm(irp, &done);
        BcnCall(irp, &done, ((PWSK_PROVIDER_BASIC_DISPATCH)sock->Dispatch)->WskCloseSocket(sock, irp));
    }
    IoFreeIrp(irp);
}

VOID
BcnThread(
    _In_ PVOID Context
    )
{
    WSK_PROVIDER_NPI    npi;
    NTSTATUS            status;

    UNREFERENCED_PARAMETER(Context);

    /* wait for the WSK subsystem, but keep an eye on unload */
    do {
        status = WskCaptureProviderNPI(&Bcn.Registration, BCN_NPI_WAIT_MS, &npi);
    } while (status == STATUS_DEVICE_NOT_READY &&
             KeReadStateEvent(&Bcn.Stop) == 0);

    if (NT_SUCCESS(status)) {
        BcnRun(&npi);
        WskReleaseProviderNPI(&Bcn.Registration);
    } else {
        BERR("WskCaptureProviderNPI 0x%08X\n", status);
    }

    PsTerminateSystemThread(STATUS_SUCCESS);
}
