/*
 * ksocket.c - minimal synchronous wrapper around WSK datagram sockets
 */
#include "ksocket.h"

static WSK_REGISTRATION  g_WskRegistration;
static WSK_PROVIDER_NPI  g_WskProvider;

static const WSK_CLIENT_DISPATCH g_WskClientDispatch = {
    MAKE_WSK_VERSION(1, 0),
    0,
    NULL
};

typedef struct _KS_SYNC {
    KEVENT Event;
    PIRP   Irp;
} KS_SYNC, *PKS_SYNC;

static IO_COMPLETION_ROUTINE KsSyncCompletion;

static NTSTATUS
KsSyncCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);

    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static NTSTATUS KsSyncInit(PKS_SYNC Sync)
{
    KeInitializeEvent(&Sync->Event, NotificationEvent, FALSE);
    Sync->Irp = IoAllocateIrp(1, FALSE);
    if (Sync->Irp == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;

    IoSetCompletionRoutine(Sync->Irp, KsSyncCompletion, &Sync->Event, TRUE, TRUE, TRUE);
    return STATUS_SUCCESS;
}

static NTSTATUS KsSyncWait(PKS_SYNC Sync, NTSTATUS CallStatus)
{
    if (CallStatus == STATUS_PENDING) {
        KeWaitForSingleObject(&Sync->Event, Executive, KernelMode, FALSE, NULL);
        CallStatus = Sync->Irp->IoStatus.Status;
    }
    return CallStatus;
}

static VOID KsSyncFree(PKS_SYNC Sync)
{
    if (Sync->Irp) {
        IoFreeIrp(Sync->Irp);
        Sync->Irp = NULL;
    }
}

/*
 * Register with WSK and grab the provider NPI.
 */
NTSTATUS KsStartup(VOID)
{
    WSK_CLIENT_NPI clientNpi;
    NTSTATUS status;

    clientNpi.ClientContext = NULL;
    clientNpi.Dispatch = &g_WskClientDispatch;

    status = WskRegister(&clientNpi, &g_WskRegistration);
    if (status != STATUS_SUCCESS) {
        KS_DBG("WskRegister 0x%08X", status);
        return status;
    }

    status = WskCaptureProviderNPI(&g_WskRegistration, KS_CAPTURE_TIMEOUT_MS, &g_WskProvider);
    if (status != STATUS_SUCCESS) {
        KS_DBG("WskCaptureProviderNPI 0x%08X (tcpip not up yet?)", status);
        return status;
    }

    return STATUS_SUCCESS;
}

VOID KsShutdown(VOID)
{
    WskDeregister(&g_WskRegistration);
    WskReleaseProviderNPI(&g_WskRegistration);
}

NTSTATUS KsOpenUdp(_Out_ PWSK_SOCKET *Socket)
{
    KS_SYNC sync;
    SOCKADDR_IN local;
    PWSK_SOCKET sock;
    NTSTATUS status;

    *Socket = NULL;

    status = KsSyncInit(&sync);
    if (status != STATUS_SUCCESS)
        return status;

    status = g_WskProvider.Dispatch->WskSocket(
        g_WskProvider.Client, AF_INET, SOCK_DGRAM, IPPROTO_UDP,
        WSK_FLAG_DATAGRAM_SOCKET, NULL, NULL, NULL, NULL, NULL, sync.Irp);
    status = KsSyncWait(&sync, status);
    if (!NT_SUCCESS(status)) {
        KS_DBG("WskSocket 0x%08X", status);
        KsSyncFree(&sync);
        return status;
    }
    sock = (PWSK_SOCKET)sync.Irp->IoStatus.Information;

    /* reuse the irp for bind */
    IoReuseIrp(sync.Irp, STATUS_UNSUCCESSFUL);
    KeClearEvent(&sync.Event);
    IoSetCompletionRoutine(sync.Irp, KsSyncCompletion, &sync.Event, TRUE, TRUE, TRUE);

    RtlZeroMemory(&local, sizeof(local));
    local.sin_family = AF_INET;
    local.sin_addr.s_addr = INADDR_ANY;
    local.sin_port = 0;

    status = ((PWSK_PROVIDER_DATAGRAM_DISPATCH)sock->Dispatch)->WskBind(
        sock, (PSOCKADDR)&local, 0, sync.Irp);
    status = KsSyncWait(&sync, status);
    KsSyncFree(&sync);

    if (!NT_SUCCESS(status)) {
        KS_DBG("WskBind 0x%08X", status);
        KsClose(sock);
        return status;
    }

    *Socket = sock;
    return STATUS_SUCCESS;
}

NTSTATUS KsSendTo(_In_ PWSK_SOCKET Socket, _In_ PSOCKADDR_IN To,
                  _In_reads_bytes_(Length) PVOID Data, _In_ ULONG Length)
{
    KS_SYNC sync;
    WSK_BUF wskBuf;
    PVOID copy;
    NTSTATUS status;

    copy = ExAllocatePool2(POOL_FLAG_NON_PAGED, Length, KS_TAG);
    if (copy == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    RtlCopyMemory(copy, Data, Length);

    wskBuf.Offset = 0;
    wskBuf.Length = Length;
    wskBuf.Mdl = IoAllocateMdl(copy, Length, FALSE, FALSE, NULL);
    if (wskBuf.Mdl == NULL) {
        ExFreePoolWithTag(copy, KS_TAG);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    MmBuildMdlForNonPagedPool(wskBuf.Mdl);

    status = KsSyncInit(&sync);
    if (status == STATUS_SUCCESS) {
        status = ((PWSK_PROVIDER_DATAGRAM_DISPATCH)Socket->Dispatch)->WskSendTo(
            Socket, &wskBuf, 0, (PSOCKADDR)To, 0, NULL, sync.Irp);
        status = KsSyncWait(&sync, status);
        KsSyncFree(&sync);
    }

    IoFreeMdl(wskBuf.Mdl);
    ExFreePoolWithTag(copy, KS_TAG);
    return status;
}

VOID KsClose(_In_ PWSK_SOCKET Socket)
{
    KS_SYNC sync;
    NTSTATUS status;

    if (KsSyncInit(&sync) != STATUS_SUCCESS)
        return;

    status = ((PWSK_PROVIDER_BASIC_DISPATCH)Socket->Dispatch)->WskCloseSocket(Socket, sync.Irp);
    KsSyncWait(&sync, status);
    KsSyncFree(&sync);
}
