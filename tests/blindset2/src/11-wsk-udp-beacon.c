// udpbeacon.sys - sends a UDP "I'm alive" datagram to a fixed collector every
// few seconds using Winsock Kernel. Toy for my home lab.
#include <ntddk.h>
#include <wsk.h>

#define LOG(...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "udpbeacon: " __VA_ARGS__)
#define BEACON_TAG 'nocB'

const WSK_CLIENT_DISPATCH g_WskDispatch = {
    MAKE_WSK_VERSION(1, 0),
    0,
    NULL
};

WSK_REGISTRATION  g_WskRegistration;
WSK_PROVIDER_NPI  g_WskProvider;
BOOLEAN           g_ProviderCaptured = FALSE;
PWSK_SOCKET       g_Socket = NULL;
KEVENT            g_StopEvent;
PETHREAD          g_Thread = NULL;

static NTSTATUS BeaconCreateSocket(VOID);
static KSTART_ROUTINE BeaconThread;

VOID DriverUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    if (g_Thread) {
        KeSetEvent(&g_StopEvent, IO_NO_INCREMENT, FALSE);
        KeWaitForSingleObject(g_Thread, Executive, KernelMode, FALSE, NULL);
        ObDereferenceObject(g_Thread);
        g_Thread = NULL;
    }
    if (g_Socket) {
        ((PWSK_PROVIDER_BASIC_DISPATCH)g_Socket->Dispatch)->WskCloseSocket(g_Socket, NULL);
        g_Socket = NULL;
    }
    if (g_ProviderCaptured) {
        WskReleaseProviderNPI(&g_WskRegistration);
        g_ProviderCaptured = FALSE;
    }
    WskDeregister(&g_WskRegistration);
    LOG("unloaded\n");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WSK_CLIENT_NPI clientNpi;
    HANDLE hThread;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    KeInitializeEvent(&g_StopEvent, NotificationEvent, FALSE);

    clientNpi.ClientContext = NULL;
    clientNpi.Dispatch = &g_WskDispatch;
    status = WskRegister(&clientNpi, &g_WskRegistration);
    if (!NT_SUCCESS(status)) {
        LOG("WskRegister failed %08x\n", status);
        return status;
    }

    // DriverEntry runs before the TCP/IP stack is up on early-boot loads: wait a bit.
    status = WskCaptureProviderNPI(&g_WskRegistration, 5000, &g_WskProvider);
    if (!NT_SUCCESS(status)) {
        LOG("WskCaptureProviderNPI failed %08x\n", status);
        return status;
    }
    g_ProviderCaptured = TRUE;

    status = BeaconCreateSocket();
    if (!NT_SUCCESS(status)) {
        LOG("socket failed %08x\n", status);
        WskReleaseProviderNPI(&g_WskRegistration);
        g_ProviderCaptured = FALSE;
        WskDeregister(&g_WskRegistration);
        return status;
    }

    status = PsCreateSystemThread(&hThread, THREAD_ALL_ACCESS, NULL, NULL, NULL, BeaconThread, NULL);
    if (!NT_SUCCESS(status)) {
        ((PWSK_PROVIDER_BASIC_DISPATCH)g_Socket->Dispatch)->WskCloseSocket(g_Socket, NULL);
        g_Socket = NULL;
        WskReleaseProviderNPI(&g_WskRegistration);
        g_ProviderCaptured = FALSE;
        WskDeregister(&g_WskRegistration);
        return status;
    }
    status = ObReferenceObjectByHandle(hThread, SYNCHRONIZE, *PsThreadType, KernelMode, (PVOID*)&g_Thread, NULL);
    if (!NT_SUCCESS(status)) {
        KeSetEvent(&g_StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(hThread, FALSE, NULL);
        ZwClose(hThread);
        ((PWSK_PROVIDER_BASIC_DISPATCH)g_Socket->Dispatch)->WskCloseSocket(g_Socket, NULL);
        g_Socket = NULL;
        WskReleaseProviderNPI(&g_WskRegistration);
        g_ProviderCaptured = FALSE;
        WskDeregister(&g_WskRegistration);
        return status;
    }
    ZwClose(hThread);

    DriverObject->DriverUnload = DriverUnload;
    LOG("running\n");
    return STATUS_SUCCESS;
}

static NTSTATUS BeaconIrpDone(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static NTSTATUS BeaconCreateSocket(VOID)
{
    // Synchronous WskSocket: the provider completes the IRP, we wait on an event.
    KEVENT done;
    PIRP irp;
    NTSTATUS status;

    KeInitializeEvent(&done, SynchronizationEvent, FALSE);
    irp = IoAllocateIrp(1, FALSE);
    if (irp == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    IoSetCompletionRoutine(irp, BeaconIrpDone, &done, TRUE, TRUE, TRUE);
    status = g_WskProvider.Dispatch->WskSocket(g_WskProvider.Client, AF_INET, SOCK_DGRAM, IPPROTO_UDP,
                                               WSK_FLAG_DATAGRAM_SOCKET, NULL, NULL, NULL, NULL, NULL, irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, NULL);
    }
    status = irp->IoStatus.Status;
    if (NT_SUCCESS(status)) {
        g_Socket = (PWSK_SOCKET)irp->IoStatus.Information;
    }
    IoFreeIrp(irp);
    return status;
}

static VOID BeaconThread(PVOID Context)
{
    LARGE_INTEGER period;
    UNREFERENCED_PARAMETER(Context);

    period.QuadPart = -10LL * 1000 * 1000 * 5; // 5 s
    while (KeWaitForSingleObject(&g_StopEvent, Executive, KernelMode, FALSE, &period) == STATUS_TIMEOUT) {
        // WskSendTo of a 16-byte beacon goes here (omitted in this excerpt)
    }
    PsTerminateSystemThread(STATUS_SUCCESS);
}
