/*
 * reinject.c - the start of a WFP driver that re-injects packets: it
 * creates an IPv4 and an IPv6 injection handle, then the control device
 * its callouts will be registered with. The handle helper destroys its
 * first handle when the second cannot be made but leaves the global set,
 * so the shared teardown on the failure path destroys it a second time.
 */

#include <ntddk.h>
#include <ndis.h>
#include <fwpsk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ReinjectUnload;

static HANDLE gInjectV4;
static HANDLE gInjectV6;
static PDEVICE_OBJECT gDevice;

static NTSTATUS
ReinjectCreateHandles(VOID)
{
    NTSTATUS status = FwpsInjectionHandleCreate0(AF_INET, FWPS_INJECTION_TYPE_NETWORK, &gInjectV4);
    if (!NT_SUCCESS(status)) {
        gInjectV4 = NULL;
        return status;
    }
    status = FwpsInjectionHandleCreate0(AF_INET6, FWPS_INJECTION_TYPE_NETWORK, &gInjectV6);
    if (!NT_SUCCESS(status)) {
        gInjectV6 = NULL;
        FwpsInjectionHandleDestroy0(gInjectV4);
        return status;
    }
    return STATUS_SUCCESS;
}

static VOID
ReinjectTeardown(VOID)
{
    if (gInjectV6 != NULL) {
        FwpsInjectionHandleDestroy0(gInjectV6);
        gInjectV6 = NULL;
    }
    if (gInjectV4 != NULL) {
        FwpsInjectionHandleDestroy0(gInjectV4); // expect: DE017
        gInjectV4 = NULL;
    }
    if (gDevice != NULL) {
        IoDeleteDevice(gDevice);
        gDevice = NULL;
    }
}

VOID
ReinjectUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    ReinjectTeardown();
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = ReinjectCreateHandles();
    if (!NT_SUCCESS(status)) {
        goto fail;
    }
    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_NETWORK, 0, FALSE, &gDevice);
    if (!NT_SUCCESS(status)) {
        gDevice = NULL;
        goto fail;
    }
    DriverObject->DriverUnload = ReinjectUnload;
    return STATUS_SUCCESS;

fail:
    ReinjectTeardown();
    return status;
}
