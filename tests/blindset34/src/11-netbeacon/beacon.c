#include "netbeacon.h"

static IO_COMPLETION_ROUTINE NbIoComplete;

_Use_decl_annotations_
VOID
NbTimerDpc(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1, PVOID SystemArgument2)
{
    PNB_GLOBALS ctx = (PNB_GLOBALS)DeferredContext;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    KeSetEvent(&ctx->TickEvent, IO_NO_INCREMENT, FALSE);
}

static NTSTATUS
NbIoComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);

    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static NTSTATUS
NbIoInit(_Out_ PNB_IO Io)
{
    Io->Irp = IoAllocateIrp(1, FALSE);
    if (Io->Irp == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeInitializeEvent(&Io->Event, SynchronizationEvent, FALSE);
    return STATUS_SUCCESS;
}

static PIRP
NbIoArm(_Inout_ PNB_IO Io)
{
    IoReuseIrp(Io->Irp, STATUS_UNSUCCESSFUL);
    IoSetCompletionRoutine(Io->Irp, NbIoComplete, &Io->Event, TRUE, TRUE, TRUE);
    return Io->Irp;
}

static NTSTATUS
NbIoWait(_Inout_ PNB_IO Io, _In_ NTSTATUS Status)
{
    if (Status == STATUS_PENDING) {
        KeWaitForSingleObject(&Io->Event, Executive, KernelMode, FALSE, NULL);
        Status = Io->Irp->IoStatus.Status;
    }
    return Status;
}

static NTSTATUS
NbOpenSocket(_In_ PWSK_PROVIDER_NPI Npi, _Inout_ PNB_IO Io, _Out_ PWSK_SOCKET* Socket)
{
    const WSK_PROVIDER_DATAGRAM_DISPATCH* dispatch;
    SOCKADDR_IN local;
    PWSK_SOCKET socket;
    NTSTATUS status;

    *Socket = NULL;

    status = Npi->Dispatch->WskSocket(Npi->Client, AF_INET, SOCK_DGRAM, IPPROTO_UDP,
                                      WSK_FLAG_DATAGRAM_SOCKET, NULL, NULL, NULL, NULL, NULL,
                                      NbIoArm(Io));
    status = NbIoWait(Io, status);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    socket = (PWSK_SOCKET)Io->Irp->IoStatus.Information;
    dispatch = (const WSK_PROVIDER_DATAGRAM_DISPATCH*)socket->Dispatch;

    RtlZeroMemory(&local, sizeof(local));
    local.sin_family = AF_INET;
    local.sin_addr.s_addr = INADDR_ANY;
    status = NbIoWait(Io, dispatch->WskBind(socket, (PSOCKADDR)&local, 0, NbIoArm(Io)));
    if (!NT_SUCCESS(status)) {
        NbIoWait(Io, dispatch->Basic.WskCloseSocket(socket, NbIoArm(Io)));
        return status;
    }

    *Socket = socket;
    return STATUS_SUCCESS;
}

static VOID
NbSendBeacon(_In_ PNB_GLOBALS Ctx, _In_ PWSK_SOCKET Socket, _Inout_ PNB_IO Io,
             _In_ PCHAR Payload, _In_ PMDL Mdl, _In_ ULONG Sequence)
{
    const WSK_PROVIDER_DATAGRAM_DISPATCH* dispatch = (const WSK_PROVIDER_DATAGRAM_DISPATCH*)Socket->Dispatch;
    SOCKADDR_IN remote = Ctx->Collector;
    WSK_BUF buf;
    NTSTATUS status;
    size_t len = 0;

    RtlZeroMemory(Payload, NB_PAYLOAD_MAX);
    if (!NT_SUCCESS(RtlStringCbPrintfA(Payload, NB_PAYLOAD_MAX, "beacon seq=%lu", Sequence)) ||
        !NT_SUCCESS(RtlStringCbLengthA(Payload, NB_PAYLOAD_MAX, &len))) {
        return;
    }

    buf.Mdl = Mdl;
    buf.Offset = 0;
    buf.Length = len;

    status = NbIoWait(Io, dispatch->WskSendTo(Socket, &buf, 0, (PSOCKADDR)&remote, 0, NULL, NbIoArm(Io)));
    if (NT_SUCCESS(status)) {
        InterlockedIncrement(&Ctx->Sent);
    } else {
        InterlockedIncrement(&Ctx->Failed);
    }
}

/*
 * Owns: the captured provider NPI, the socket, the IRP, the payload
 * buffer and its MDL. Everything is released before the thread exits,
 * so WskDeregister at unload never waits on this thread's resources.
 */
_Use_decl_annotations_
VOID
NbThread(PVOID StartContext)
{
    PNB_GLOBALS ctx = (PNB_GLOBALS)StartContext;
    PVOID waits[2] = { &ctx->StopEvent, &ctx->TickEvent };
    WSK_PROVIDER_NPI npi;
    BOOLEAN captured = FALSE;
    PWSK_SOCKET socket = NULL;
    PCHAR payload = NULL;
    PMDL mdl = NULL;
    NB_IO io = { 0 };
    ULONG seq = 0;
    NTSTATUS status;

    /* WSK may not be up yet at boot: capture in slices, honouring stop */
    for (;;) {
        status = WskCaptureProviderNPI(&ctx->Registration, NB_CAPTURE_SLICE_MS, &npi);
        if (NT_SUCCESS(status)) {
            captured = TRUE;
            break;
        }
        if (status != STATUS_NOINTERFACE ||
            KeReadStateEvent(&ctx->StopEvent) != 0) {
            NB_LOG("no WSK provider (0x%08X)", status);
            goto Idle;
        }
    }

    status = NbIoInit(&io);
    if (!NT_SUCCESS(status)) {
        goto Idle;
    }

    payload = (PCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, NB_PAYLOAD_MAX, NB_TAG);
    if (payload == NULL) {
        goto Idle;
    }
    mdl = IoAllocateMdl(payload, NB_PAYLOAD_MAX, FALSE, FALSE, NULL);
    if (mdl == NULL) {
        goto Idle;
    }
    MmBuildMdlForNonPagedPool(mdl);

    status = NbOpenSocket(&npi, &io, &socket);
    if (!NT_SUCCESS(status)) {
        NB_LOG("socket setup failed 0x%08X", status);
        goto Idle;
    }

    for (;;) {
        status = KeWaitForMultipleObjects(2, waits, WaitAny, Executive, KernelMode, FALSE, NULL, NULL);
        if (status == STATUS_WAIT_0) {
            goto Exit;
        }
        NbSendBeacon(ctx, socket, &io, payload, mdl, ++seq);
    }

Idle:
    /* nothing useful to do; stay until unload asks us to go */
    KeWaitForSingleObject(&ctx->StopEvent, Executive, KernelMode, FALSE, NULL);

Exit:
    if (socket != NULL) {
        NbIoWait(&io, ((const WSK_PROVIDER_BASIC_DISPATCH*)socket->Dispatch)->WskCloseSocket(socket, NbIoArm(&io)));
    }
    if (mdl != NULL) {
        IoFreeMdl(mdl);
    }
    if (payload != NULL) {
        ExFreePoolWithTag(payload, NB_TAG);
    }
    if (io.Irp != NULL) {
        IoFreeIrp(io.Irp);
    }
    if (captured) {
        WskReleaseProviderNPI(&ctx->Registration);
    }
    PsTerminateSystemThread(STATUS_SUCCESS);
}
