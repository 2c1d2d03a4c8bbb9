/*
 * pinger.c - a legacy driver that keeps one WSK datagram socket open to
 * send a heartbeat: DriverEntry registers as a WSK client, captures the
 * provider NPI and makes the socket; the unload routine closes the socket
 * through the provider's dispatch table (WskCloseSocket, a routine of the
 * WSK subsystem, which acts on the socket it is given), then releases the
 * NPI and deregisters.
 */

#include <ntddk.h>
#include <wsk.h>

#define PG_TAG 'gniP'

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PgUnload;

static WSK_REGISTRATION gPgRegistration;
static WSK_PROVIDER_NPI gPgProvider;
static PWSK_SOCKET gPgSocket;
static const WSK_CLIENT_DISPATCH gPgClientDispatch = { MAKE_WSK_VERSION(1, 0), 0, NULL };

static IO_COMPLETION_ROUTINE PgComplete;

static NTSTATUS
PgComplete(_In_ PDEVICE_OBJECT DeviceObject, _In_ PIRP Irp, _In_reads_opt_(_Inexpressible_("varies")) PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

/* Runs `Irp`'s request to its end: the provider completes it, maybe later. */
static NTSTATUS
PgWait(_In_ PIRP Irp, _In_ PKEVENT Event, _In_ NTSTATUS Status)
{
    if (Status == STATUS_PENDING) {
        KeWaitForSingleObject(Event, Executive, KernelMode, FALSE, NULL);
        Status = Irp->IoStatus.Status;
    }
    return Status;
}

static NTSTATUS
PgCloseSocket(_In_ PWSK_SOCKET Socket)
{
    KEVENT done;
    PIRP irp;
    NTSTATUS status;

    irp = IoAllocateIrp(1, FALSE);
    if (irp == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeInitializeEvent(&done, NotificationEvent, FALSE);
    IoSetCompletionRoutine(irp, PgComplete, &done, TRUE, TRUE, TRUE);
    status = ((PWSK_PROVIDER_BASIC_DISPATCH)Socket->Dispatch)->WskCloseSocket(Socket, irp);
    status = PgWait(irp, &done, status);
    IoFreeIrp(irp);
    return status;
}

static NTSTATUS
PgOpenSocket(VOID)
{
    KEVENT done;
    PIRP irp;
    NTSTATUS status;

    irp = IoAllocateIrp(1, FALSE);
    if (irp == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeInitializeEvent(&done, NotificationEvent, FALSE);
    IoSetCompletionRoutine(irp, PgComplete, &done, TRUE, TRUE, TRUE);
    status = gPgProvider.Dispatch->WskSocket(gPgProvider.Client, AF_INET, SOCK_DGRAM, IPPROTO_UDP,
                                             WSK_FLAG_DATAGRAM_SOCKET, NULL, NULL, NULL, NULL, NULL, irp);
    status = PgWait(irp, &done, status);
    if (NT_SUCCESS(status)) {
        gPgSocket = (PWSK_SOCKET)irp->IoStatus.Information;
    }
    IoFreeIrp(irp);
    return status;
}

VOID
PgUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PgCloseSocket(gPgSocket);
    WskReleaseProviderNPI(&gPgRegistration);
    WskDeregister(&gPgRegistration);
}

NTSTATUS
DriverEntry( // expect-entry: wdm, wsk-client
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WSK_CLIENT_NPI client;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    client.ClientContext = NULL;
    client.Dispatch = &gPgClientDispatch;
    status = WskRegister(&client, &gPgRegistration);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = WskCaptureProviderNPI(&gPgRegistration, WSK_INFINITE_WAIT, &gPgProvider);
    if (!NT_SUCCESS(status)) {
        WskDeregister(&gPgRegistration);
        return status;
    }
    status = PgOpenSocket();
    if (!NT_SUCCESS(status)) {
        WskReleaseProviderNPI(&gPgRegistration);
        WskDeregister(&gPgRegistration);
        return status;
    }

    DriverObject->DriverUnload = PgUnload;
    return STATUS_SUCCESS;
}
