#include "wskbeacon.h"

static const WSK_CLIENT_DISPATCH g_WskClientDispatch = {
    MAKE_WSK_VERSION(1, 0),
    0,
    NULL
};

/* ------------------------------------------------------------------ */
/* synchronous IRP helper                                              */
/* ------------------------------------------------------------------ */

static IO_COMPLETION_ROUTINE BeaconIrpComplete;

static NTSTATUS
BeaconIrpComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);

    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static PIRP
BeaconAllocIrp(_Out_ PKEVENT Event)
{
    PIRP irp = IoAllocateIrp(1, FALSE);
    if (irp) {
        KeInitializeEvent(Event, SynchronizationEvent, FALSE);
        IoSetCompletionRoutine(irp, BeaconIrpComplete, Event, TRUE, TRUE, TRUE);
    }
    return irp;
}

static NTSTATUS
BeaconWait(PIRP Irp, PKEVENT Event, NTSTATUS CallStatus)
{
    if (CallStatus == STATUS_PENDING) {
        KeWaitForSingleObject(Event, Executive, KernelMode, FALSE, NULL);
    }
    return Irp->IoStatus.Status;
}

/* ------------------------------------------------------------------ */

NTSTATUS
BeaconAttach(VOID)
{
    WSK_CLIENT_NPI clientNpi;
    NTSTATUS status;

    clientNpi.ClientContext = NULL;
    clientNpi.Dispatch = &g_WskClientDispatch;

    status = WskRegister(&clientNpi, &g_Beacon.Registration);
    if (!NT_SUCCESS(status)) {
        BERR("WskRegister 0x%08X", status);
        return status;
    }
    g_Beacon.Registered = TRUE;

    status = WskCaptureProviderNPI(&g_Beacon.Registration, BEACON_NPI_WAIT_MS, &g_Beacon.Provider);
    if (!NT_SUCCESS(status)) {
        BERR("WskCaptureProviderNPI 0x%08X (%s)", status,
             status == STATUS_DEVICE_NOT_READY ? "provider not ready" : "capture failed");
        return status;
    }
    g_Beacon.NpiCaptured = TRUE;

    return STATUS_SUCCESS;
}

NTSTATUS
BeaconOpenSocket(VOID)
{
    KEVENT      event;
    PIRP        irp;
    NTSTATUS    status;
    SOCKADDR_IN local;

    irp = BeaconAllocIrp(&event);
    if (irp == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = g_Beacon.Provider.Dispatch->WskSocket(g_Beacon.Provider.Client,
                                                   AF_INET,
                                                   SOCK_DGRAM,
                                                   IPPROTO_UDP,
                                                   WSK_FLAG_DATAGRAM_SOCKET,
                                                   NULL,
                                                   NULL,
                                                   NULL,
                                                   NULL,
                                                   NULL,
                                                   irp);
    status = BeaconWait(irp, &event, status);
    if (!NT_SUCCESS(status)) {
        BERR("WskSocket 0x%08X", status);
        IoFreeIrp(irp);
        return status;
    }
    g_Beacon.Socket = (PWSK_SOCKET)irp->IoStatus.Information;

    RtlZeroMemory(&local, sizeof(local));
    local.sin_family = AF_INET;
    local.sin_addr.s_addr = INADDR_ANY;
    local.sin_port = 0;

    IoReuseIrp(irp, STATUS_UNSUCCESSFUL);
    IoSetCompletionRoutine(irp, BeaconIrpComplete, &event, TRUE, TRUE, TRUE);
    KeClearEvent(&event);

    status = ((PWSK_PROVIDER_DATAGRAM_DISPATCH)g_Beacon.Socket->Dispatch)->WskBind(
                 g_Beacon.Socket, (PSOCKADDR)&local, 0, irp);
    status = BeaconWait(irp, &event, status);

    IoFreeIrp(irp);

    if (!NT_SUCCESS(status)) {
        BERR("WskBind 0x%08X", status);
    }
    return status;
}

NTSTATUS
BeaconSend(_In_reads_bytes_(Length) const VOID* Data, _In_ ULONG Length)
{
    KEVENT      event;
    PIRP        irp;
    PMDL        mdl;
    PVOID       copy;
    WSK_BUF     buf;
    SOCKADDR_IN remote;
    NTSTATUS    status;

    if (g_Beacon.Socket == NULL || Length == 0 || Length > BEACON_MSG_MAX) {
        return STATUS_INVALID_PARAMETER;
    }

    copy = ExAllocatePool2(POOL_FLAG_NON_PAGED, Length, BEACON_TAG);
    if (copy == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(copy, Data, Length);

    mdl = IoAllocateMdl(copy, Length, FALSE, FALSE, NULL);
    if (mdl == NULL) {
        ExFreePoolWithTag(copy, BEACON_TAG);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    MmBuildMdlForNonPagedPool(mdl);

    irp = BeaconAllocIrp(&event);
    if (irp == NULL) {
        IoFreeMdl(mdl);
        ExFreePoolWithTag(copy, BEACON_TAG);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    buf.Mdl = mdl;
    buf.Offset = 0;
    buf.Length = Length;

    RtlZeroMemory(&remote, sizeof(remote));
    remote.sin_family = AF_INET;
    remote.sin_addr.s_addr = RtlUlongByteSwap(BEACON_COLLECTOR_IP);
    remote.sin_port = RtlUshortByteSwap(BEACON_COLLECTOR_PORT);

    status = ((PWSK_PROVIDER_DATAGRAM_DISPATCH)g_Beacon.Socket->Dispatch)->WskSendTo(
                 g_Beacon.Socket, &buf, 0, (PSOCKADDR)&remote, 0, NULL, irp);
    status = BeaconWait(irp, &event, status);

    IoFreeIrp(irp);
    IoFreeMdl(mdl);
    ExFreePoolWithTag(copy, BEACON_TAG);

    if (NT_SUCCESS(status)) {
        g_Beacon.Sent++;
    }
    return status;
}

static VOID
BeaconCloseSocket(VOID)
{
    KEVENT   event;
    PIRP     irp;
    NTSTATUS status;

    if (g_Beacon.Socket == NULL) {
        return;
    }

    irp = BeaconAllocIrp(&event);
    if (irp == NULL) {
        BERR("no IRP to close the socket");
        return;
    }

    status = ((PWSK_PROVIDER_BASIC_DISPATCH)g_Beacon.Socket->Dispatch)->WskCloseSocket(g_Beacon.Socket, irp);
    BeaconWait(irp, &event, status);
    IoFreeIrp(irp);

    g_Beacon.Socket = NULL;
}

VOID
BeaconDetach(VOID)
{
    BeaconCloseSocket();

    if (g_Beacon.Registered) {
        WskDeregister(&g_Beacon.Registration);
        g_Beacon.Registered = FALSE;
    }

    if (g_Beacon.NpiCaptured) {
        WskReleaseProviderNPI(&g_Beacon.Registration);
        g_Beacon.NpiCaptured = FALSE;
    }
}
