/*
 * wskprobe.c - legacy driver that keeps a Winsock Kernel registration and the
 * provider's dispatch table for a health probe its IOCTLs send.
 *
 * WskRegister's status is tested, and the unload routine releases the
 * provider NPI before it deregisters: no DE005, no WSK001.
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
    WskReleaseProviderNPI(&ProbeRegistration);
    WskDeregister(&ProbeRegistration);
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
    status = WskRegister(&client, &ProbeRegistration);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WskCaptureProviderNPI(&ProbeRegistration, WSK_INFINITE_WAIT, &ProbeProvider);
    if (!NT_SUCCESS(status)) {
        WskDeregister(&ProbeRegistration);
        return status;
    }

    DriverObject->DriverUnload = ProbeUnload;
    return STATUS_SUCCESS;
}
