/*
 * wskdispatch.c (violating) - the twin of ../wskprobe.c whose client
 * dispatch table is a local of DriverEntry: WskRegister keeps the pointer
 * the WSK_CLIENT_NPI hands it, which must stay valid and resident until
 * WskDeregister, and the table is gone when DriverEntry returns.
 * Expected: DE015.
 */

#include <ntddk.h>
#include <wsk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ProbeUnload;

static WSK_REGISTRATION ProbeRegistration;
static WSK_PROVIDER_NPI ProbeProvider;

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
    WSK_CLIENT_DISPATCH dispatch = { MAKE_WSK_VERSION(1, 0), 0, NULL };
    WSK_CLIENT_NPI client;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    client.ClientContext = NULL;
    client.Dispatch = &dispatch;
    status = WskRegister(&client, &ProbeRegistration);  // expect: DE015
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
