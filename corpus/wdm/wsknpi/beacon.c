/*
 * beacon.c - a legacy driver that announces itself over Winsock Kernel: it
 * registers as a WSK client, captures the provider NPI, then creates the
 * control device its tool opens. The shared stop helper, used by the
 * failure path and by unload, releases the captured NPI before it
 * deregisters.
 */

#include <ntddk.h>
#include <wsk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD BeaconUnload;

static WSK_REGISTRATION gRegistration;
static WSK_PROVIDER_NPI gProvider;
static BOOLEAN gCaptured;
static PDEVICE_OBJECT gDevice;
static const WSK_CLIENT_DISPATCH gDispatch = { MAKE_WSK_VERSION(1, 0), 0, NULL };

static VOID
BeaconStopWsk(VOID)
{
    if (gCaptured) {
        WskReleaseProviderNPI(&gRegistration);
        gCaptured = FALSE;
    }
    WskDeregister(&gRegistration);
}

VOID
BeaconUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(gDevice);
    BeaconStopWsk();
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
    client.Dispatch = &gDispatch;
    status = WskRegister(&client, &gRegistration);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WskCaptureProviderNPI(&gRegistration, WSK_INFINITE_WAIT, &gProvider);
    if (!NT_SUCCESS(status)) {
        WskDeregister(&gRegistration);
        return status;
    }
    gCaptured = TRUE;

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_NETWORK, 0, FALSE, &gDevice);
    if (!NT_SUCCESS(status)) {
        BeaconStopWsk();
        return status;
    }

    DriverObject->DriverUnload = BeaconUnload;
    return STATUS_SUCCESS;
}
