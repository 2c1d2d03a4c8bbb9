/*
 * wsksrv.c - WSK plumbing for wskecho
 */
#include "wsksrv.h"

static const WSK_CLIENT_DISPATCH EchoClientDispatch = {
    MAKE_WSK_VERSION(1, 0),
    0,
    NULL
};

static IO_COMPLETION_ROUTINE EchoIrpDone;

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

/*
 * Wait for a WSK call that took our IRP. If the driver is being stopped we
 * cancel it and still wait for the completion, the IRP is ours to free.
 */
static NTSTATUS
EchoWait(
    _In_ PIRP Irp,
    _In_ PKEVENT Done,
    _In_ NTSTATUS CallStatus
    )
{
    PVOID objs[2];

    if (CallStatus == STATUS_PENDING) {
        objs[0] = Done;
        objs[1] = &g_Echo.StopEvent;
        if (KeWaitForMultipleObjects(2, objs, WaitAny, Executive, KernelMode,
                                     FALSE, NULL, NULL) == STATUS_WAIT_1) {
            IoCancelIrp(Irp);
            KeWaitForSingleObject(Done, Executive, KernelMode, FALSE, NULL);
        }
    }
    return Irp->IoStatus.Status;
}

static PIRP
EchoPrepIrp(
    _In_ PIRP Irp,
    _In_ PKEVENT Done
    )
{
    KeResetEvent(Done);
    IoReuseIrp(Irp, STATUS_UNSUCCESSFUL);
    IoSetCompletionRoutine(Irp, EchoIrpDone, Done, TRUE, TRUE, TRUE);
    return Irp;
}

NTSTATUS
EchoWskStart(VOID)
{
    NTSTATUS        status;
    WSK_CLIENT_NPI  npi;

    npi.ClientContext = NULL;
    npi.Dispatch = &EchoClientDispatch;

    status = WskRegister(&npi, &g_Echo.Registration);
    if (!NT_SUCCESS(status)) {
        ECHO_LOG("WskRegister: 0x%08X\n", status);
        return status;
    }

    WskCaptureProviderNPI(&g_Echo.Registration, ECHO_CAPTURE_MS, &g_Echo.Provider);

    ECHO_LOG("WSK provider version %u.%u\n",
             WSK_MAJOR_VERSION(g_Echo.Provider.Dispatch->Version),
             WSK_MINOR_VERSION(g_Echo.Provider.Dispatch->Version));
    return STATUS_SUCCESS;
}

VOID
EchoWskStop(VOID)
{
    WskReleaseProviderNPI(&g_Echo.Registration);
    WskDeregister(&g_Echo.Registration);
}

VOID
EchoCloseSocket(
    _In_ PWSK_SOCKET Socket
    )
{
    KEVENT done;
    PIRP irp;
    NTSTATUS status;

    irp = IoAllocateIrp(1, FALSE);
    if (irp == NULL) {
        return;     /* out of IRPs, nothing sane left to do */
    }
    KeInitializeEvent(&done, SynchronizationEvent, FALSE);
    IoSetCompletionRoutine(irp, EchoIrpDone, &done, TRUE, TRUE, TRUE);

    status = ((PWSK_PROVIDER_BASIC_DISPATCH)Socket->Dispatch)->WskCloseSocket(Socket, irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, NULL);
    }
    IoFreeIrp(irp);
}

NTSTATUS
EchoOpenListener(
    _In_ USHORT Port
    )
{
    NTSTATUS    status;
    KEVENT      done;
    PIRP        irp;
    PWSK_SOCKET sock = NULL;
    SOCKADDR_IN local;

    irp = IoAllocateIrp(1, FALSE);
    if (irp == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeInitializeEvent(&done, SynchronizationEvent, FALSE);
    IoSetCompletionRoutine(irp, EchoIrpDone, &done, TRUE, TRUE, TRUE);

    status = g_Echo.Provider.Dispatch->WskSocket(g_Echo.Provider.Client,
                                                 AF_INET, SOCK_STREAM, IPPROTO_TCP,
                                                 WSK_FLAG_LISTEN_SOCKET,
                                                 NULL, NULL, NULL, NULL, NULL, irp);
    status = EchoWait(irp, &done, status);
    CHECK(status, "WskSocket");
    sock = (PWSK_SOCKET)irp->IoStatus.Information;

    RtlZeroMemory(&local, sizeof(local));
    local.sin_family = AF_INET;
    local.sin_port = RtlUshortByteSwap(Port);
    local.sin_addr.s_addr = INADDR_ANY;

    EchoPrepIrp(irp, &done);
    status = ((PWSK_PROVIDER_LISTEN_DISPATCH)sock->Dispatch)->WskBind(sock, (PSOCKADDR)&local, 0, irp);
    status = EchoWait(irp, &done, status);
    CHECK(status, "WskBind");

    g_Echo.ListenSocket = sock;
    sock = NULL;
    ECHO_LOG("listening on %u\n", Port);

cleanup:
    if (sock != NULL) {
        EchoCloseSocket(sock);
    }
    IoFreeIrp(irp);
    return status;
}

static VOID
EchoServeClient(
    _In_ PWSK_SOCKET Client,
    _In_ PIRP Irp,
    _In_ PKEVENT Done,
    _In_ PUCHAR Buffer,
    _In_ PMDL Mdl
    )
{
    PWSK_PROVIDER_CONNECTION_DISPATCH d = (PWSK_PROVIDER_CONNECTION_DISPATCH)Client->Dispatch;
    WSK_BUF wbuf;
    NTSTATUS status;
    ULONG got;

    UNREFERENCED_PARAMETER(Buffer);

    for (;;) {
        wbuf.Mdl = Mdl;
        wbuf.Offset = 0;
        wbuf.Length = ECHO_BUF_SIZE;

        EchoPrepIrp(Irp, Done);
        status = EchoWait(Irp, Done, d->WskReceive(Client, &wbuf, 0, Irp));
        got = (ULONG)Irp->IoStatus.Information;
        if (!NT_SUCCESS(status) || got == 0) {
            break;  /* error, cancel or graceful close */
        }

        wbuf.Length = got;
        EchoPrepIrp(Irp, Done);
        status = EchoWait(Irp, Done, d->WskSend(Client, &wbuf, 0, Irp));
        if (!NT_SUCCESS(status)) {
            break;
        }
    }
}

VOID
EchoAcceptThread(
    _In_ PVOID Context
    )
{
    PWSK_PROVIDER_LISTEN_DISPATCH ld;
    PIRP        irp = NULL;
    PUCHAR      buf = NULL;
    PMDL        mdl = NULL;
    KEVENT      done;
    NTSTATUS    status;
    PWSK_SOCKET client;

    UNREFERENCED_PARAMETER(Context);

    ld = (PWSK_PROVIDER_LISTEN_DISPATCH)g_Echo.ListenSocket->Dispatch;
    KeInitializeEvent(&done, SynchronizationEvent, FALSE);

    irp = IoAllocateIrp(1, FALSE);
    buf = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, ECHO_BUF_SIZE, ECHO_TAG);
    if (irp == NULL || buf == NULL) {
        goto out;
    }
    mdl = IoAllocateMdl(buf, ECHO_BUF_SIZE, FALSE, FALSE, NULL);
    if (mdl == NULL) {
        goto out;
    }
    MmBuildMdlForNonPagedPool(mdl);

    while (KeReadStateEvent(&g_Echo.StopEvent) == 0) {
        EchoPrepIrp(irp, &done);
        status = ld->WskAccept(g_Echo.ListenSocket, 0, NULL, NULL, NULL, NULL, irp);
        status = EchoWait(irp, &done, status);
        if (!NT_SUCCESS(status)) {
            ECHO_LOG("accept ended 0x%08X\n", status);
            break;
        }
        client = (PWSK_SOCKET)irp->IoStatus.Information;

        InterlockedIncrement(&g_Echo.Clients);
        EchoServeClient(client, irp, &done, buf, mdl);
        EchoCloseSocket(client);
    }

out:
    if (mdl != NULL) IoFreeMdl(mdl);
    if (buf != NULL) ExFreePoolWithTag(buf, ECHO_TAG);
    if (irp != NULL) IoFreeIrp(irp);
    PsTerminateSystemThread(STATUS_SUCCESS);
}
