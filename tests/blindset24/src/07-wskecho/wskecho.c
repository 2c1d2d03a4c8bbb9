/*
 * wskecho.c - kernel TCP echo server on top of Winsock Kernel (WSK)
 *
 * One system thread does everything: capture the WSK provider NPI, create a
 * listening socket, bind it to 0.0.0.0:<Port>, then accept connections one at
 * a time and echo whatever arrives until the peer disconnects.
 *
 * Port can be overridden by HKLM\SYSTEM\CurrentControlSet\Services\wskecho\Port.
 *
 * Link with netio.lib.
 */

#include <ntddk.h>
#include <wsk.h>

#define WE_TAG          'ohcE'
#define WE_DEFAULT_PORT 7007
#define WE_BUF_SIZE     2048

typedef struct _WE_CONFIG {
    USHORT Port;
    ULONG  BufferSize;
} WE_CONFIG, *PWE_CONFIG;

static const WSK_CLIENT_DISPATCH g_WskClientDispatch = {
    MAKE_WSK_VERSION(1, 0),
    0,
    NULL
};

static WSK_REGISTRATION  g_WskRegistration;
static WSK_PROVIDER_NPI  g_WskProvider;
static BOOLEAN           g_NpiCaptured;
static HANDLE            g_ServerThread;
static volatile LONG     g_Stop;
static PWSK_SOCKET       g_ListenSocket;

DRIVER_INITIALIZE   DriverEntry;
DRIVER_UNLOAD       WeUnload;
KSTART_ROUTINE      WeServerThread;
IO_COMPLETION_ROUTINE WeSyncComplete;

/* ------------------------------------------------------------------ */
/* synchronous IRP helper                                              */

NTSTATUS
WeSyncComplete(
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

static VOID
WePrepareIrp(
    _Inout_ PIRP Irp,
    _In_ PKEVENT Event
    )
{
    IoReuseIrp(Irp, STATUS_UNSUCCESSFUL);
    KeClearEvent(Event);
    IoSetCompletionRoutine(Irp, WeSyncComplete, Event, TRUE, TRUE, TRUE);
}

static NTSTATUS
WeWait(
    _In_ NTSTATUS Status,
    _In_ PIRP Irp,
    _In_ PKEVENT Event
    )
{
    if (Status == STATUS_PENDING) {
        KeWaitForSingleObject(Event, Executive, KernelMode, FALSE, NULL);
        Status = Irp->IoStatus.Status;
    }
    return Status;
}

/* ------------------------------------------------------------------ */

static VOID
WeCloseSocket(
    _In_ PWSK_SOCKET Socket,
    _In_ PIRP Irp,
    _In_ PKEVENT Event
    )
{
    const WSK_PROVIDER_BASIC_DISPATCH* basic =
        (const WSK_PROVIDER_BASIC_DISPATCH*)Socket->Dispatch;

    WePrepareIrp(Irp, Event);
    WeWait(basic->WskCloseSocket(Socket, Irp), Irp, Event);
}

static VOID
WeServeConnection(
    _In_ PWSK_SOCKET Conn,
    _In_ PIRP Irp,
    _In_ PKEVENT Event,
    _In_ PVOID Buffer,
    _In_ ULONG BufferSize
    )
{
    const WSK_PROVIDER_CONNECTION_DISPATCH* d =
        (const WSK_PROVIDER_CONNECTION_DISPATCH*)Conn->Dispatch;
    PMDL mdl;
    WSK_BUF wbuf;
    NTSTATUS status;
    SIZE_T got;

    mdl = IoAllocateMdl(Buffer, BufferSize, FALSE, FALSE, NULL);
    if (mdl == NULL) {
        return;
    }
    MmBuildMdlForNonPagedPool(mdl);

    while (InterlockedCompareExchange(&g_Stop, 0, 0) == 0) {
        wbuf.Mdl = mdl;
        wbuf.Offset = 0;
        wbuf.Length = BufferSize;

        WePrepareIrp(Irp, Event);
        status = WeWait(d->WskReceive(Conn, &wbuf, 0, Irp), Irp, Event);
        if (!NT_SUCCESS(status)) {
            break;
        }
        got = Irp->IoStatus.Information;
        if (got == 0) {
            break;          /* graceful disconnect */
        }

        wbuf.Length = got;
        WePrepareIrp(Irp, Event);
        status = WeWait(d->WskSend(Conn, &wbuf, 0, Irp), Irp, Event);
        if (!NT_SUCCESS(status)) {
            break;
        }
    }

    IoFreeMdl(mdl);
}

VOID
WeServerThread(
    _In_ PVOID StartContext
    )
{
    PWE_CONFIG cfg = (PWE_CONFIG)StartContext;
    NTSTATUS status;
    PIRP irp = NULL;
    KEVENT event;
    PVOID buffer = NULL;
    SOCKADDR_IN local = { 0 };
    PWSK_SOCKET conn;
    const WSK_PROVIDER_LISTEN_DISPATCH* ld;

    KeInitializeEvent(&event, NotificationEvent, FALSE);

    /* may block until the TCP/IP stack is up, which is why this is not in DriverEntry */
    status = WskCaptureProviderNPI(&g_WskRegistration, WSK_INFINITE_WAIT, &g_WskProvider);
    if (!NT_SUCCESS(status)) {
        KdPrint(("wskecho: WskCaptureProviderNPI 0x%08X\n", status));
        goto exit;
    }
    g_NpiCaptured = TRUE;

    irp = IoAllocateIrp(1, FALSE);
    buffer = ExAllocatePool2(POOL_FLAG_NON_PAGED, cfg->BufferSize, WE_TAG);
    if (irp == NULL || buffer == NULL) {
        goto exit;
    }

    WePrepareIrp(irp, &event);
    status = WeWait(g_WskProvider.Dispatch->WskSocket(g_WskProvider.Client, AF_INET,
                                                      SOCK_STREAM, IPPROTO_TCP,
                                                      WSK_FLAG_LISTEN_SOCKET, NULL, NULL,
                                                      NULL, NULL, NULL, irp),
                    irp, &event);
    if (!NT_SUCCESS(status)) {
        goto exit;
    }
    g_ListenSocket = (PWSK_SOCKET)irp->IoStatus.Information;
    ld = (const WSK_PROVIDER_LISTEN_DISPATCH*)g_ListenSocket->Dispatch;

    local.sin_family = AF_INET;
    local.sin_port = RtlUshortByteSwap(cfg->Port);
    local.sin_addr.s_addr = INADDR_ANY;

    WePrepareIrp(irp, &event);
    status = WeWait(ld->WskBind(g_ListenSocket, (PSOCKADDR)&local, 0, irp), irp, &event);
    if (!NT_SUCCESS(status)) {
        KdPrint(("wskecho: bind to port %u failed 0x%08X\n", cfg->Port, status));
        goto exit;
    }

    KdPrint(("wskecho: listening on %u\n", cfg->Port));

    while (InterlockedCompareExchange(&g_Stop, 0, 0) == 0) {
        WePrepareIrp(irp, &event);
        status = WeWait(ld->WskAccept(g_ListenSocket, 0, NULL, NULL, NULL, NULL, irp),
                        irp, &event);
        if (!NT_SUCCESS(status)) {
            break;
        }
        conn = (PWSK_SOCKET)irp->IoStatus.Information;

        WeServeConnection(conn, irp, &event, buffer, cfg->BufferSize);
        WeCloseSocket(conn, irp, &event);
    }

exit:
    if (g_ListenSocket != NULL && irp != NULL) {
        WeCloseSocket(g_ListenSocket, irp, &event);
        g_ListenSocket = NULL;
    }
    if (buffer != NULL) {
        ExFreePoolWithTag(buffer, WE_TAG);
    }
    if (irp != NULL) {
        IoFreeIrp(irp);
    }
    if (g_NpiCaptured) {
        WskReleaseProviderNPI(&g_WskRegistration);
        g_NpiCaptured = FALSE;
    }
    PsTerminateSystemThread(status);
}

static USHORT
WeReadPort(VOID)
{
    RTL_QUERY_REGISTRY_TABLE q[2];
    ULONG port = WE_DEFAULT_PORT;
    ULONG def = WE_DEFAULT_PORT;

    RtlZeroMemory(q, sizeof(q));
    q[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    q[0].Name = L"Port";
    q[0].EntryContext = &port;
    q[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    q[0].DefaultData = &def;
    q[0].DefaultLength = sizeof(ULONG);

    if (!NT_SUCCESS(RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, L"wskecho",
                                           q, NULL, NULL)) ||
        port == 0 || port > 0xFFFF) {
        port = WE_DEFAULT_PORT;
    }
    return (USHORT)port;
}

VOID
WeUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    InterlockedExchange(&g_Stop, 1);

    /* WskDeregister blocks until the provider NPI is released and every
       socket is closed, i.e. until the server thread has cleaned up */
    WskDeregister(&g_WskRegistration);

    if (g_ServerThread != NULL) {
        ZwClose(g_ServerThread);
        g_ServerThread = NULL;
    }

    KdPrint(("wskecho: unloaded\n"));
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    WSK_CLIENT_NPI clientNpi;
    WE_CONFIG config;

    UNREFERENCED_PARAMETER(RegistryPath);

    config.Port = WeReadPort();
    config.BufferSize = WE_BUF_SIZE;

    clientNpi.ClientContext = NULL;
    clientNpi.Dispatch = &g_WskClientDispatch;

    status = WskRegister(&clientNpi, &g_WskRegistration);
    if (!NT_SUCCESS(status)) {
        KdPrint(("wskecho: WskRegister 0x%08X\n", status));
        return status;
    }

    status = PsCreateSystemThread(&g_ServerThread, THREAD_ALL_ACCESS, NULL, NULL, NULL,
                                  WeServerThread, &config);
    if (!NT_SUCCESS(status)) {
        WskDeregister(&g_WskRegistration);
        return status;
    }

    DriverObject->DriverUnload = WeUnload;
    return STATUS_SUCCESS;
}
