/*
 * wskprobe.c - legacy driver that keeps a Winsock Kernel registration and the
 * provider's dispatch table for a health probe its IOCTLs send.
 *
 * BUG (DE005): the status of WskRegister is discarded, so a failed
 * registration is captured from and deregistered later as if it existed.
 * BUG (WSK001): the unload routine deregisters before it releases the
 * provider NPI it captured; WskDeregister waits for that release, which
 * comes after it on the same thread, so the unload hangs.
 */

#include <ntddk.h>
#include <wsk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ProbeUnload;

static WSK_REGISTRATION ProbeRegistration;
static WSK_PROVIDER_NPI ProbeProvider;
static const WSK_CLIENT_DISPATCH ProbeDispatch = { MAKE_WSK_VERSION(1, 0), 0, NULL };

VOID
ProbeUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    WskDeregister(&ProbeRegistration);                  // expect: WSK001
    WskReleaseProviderNPI(&ProbeRegistration);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm, wsk-client
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WSK_CLIENT_NPI client;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    client.ClientContext = NULL;
    client.Dispatch = &ProbeDispatch;
    WskRegister(&client, &ProbeRegistration);           // expect: DE005

    status = WskCaptureProviderNPI(&ProbeRegistration, WSK_INFINITE_WAIT, &ProbeProvider);
    if (!NT_SUCCESS(status)) {
        WskDeregister(&ProbeRegistration);
        return status;
    }

    DriverObject->DriverUnload = ProbeUnload;
    return STATUS_SUCCESS;
}
