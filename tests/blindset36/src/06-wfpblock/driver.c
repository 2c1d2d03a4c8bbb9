/*
 * driver.c - DriverEntry / Unload for wfpblock
 */
#include <initguid.h>
#include "wfpblock.h"

WB_GLOBALS gWb;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     WbUnload;

_Dispatch_type_(IRP_MJ_SHUTDOWN)
DRIVER_DISPATCH   WbShutdown;

static VOID
WbLoadDefaults(VOID)
{
    static const USHORT defaults[] = { 23, 513, 514, 2323 };
    ULONG i;

    for (i = 0; i < RTL_NUMBER_OF(defaults) && i < WB_MAX_PORTS; i++) {
        gWb.BlockedPorts[i] = defaults[i];
    }
    gWb.BlockedPortCount = i;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(WB_DEVICE_NAME);
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&gWb, sizeof(gWb));
    WbLoadDefaults();

    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = WbShutdown;
    DriverObject->DriverUnload = WbUnload;

    /* WFP needs a device object to hang the callouts off */
    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_NETWORK,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &gWb.DeviceObject);
    WB_CHECK(status, "IoCreateDevice");
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WbRegisterCallouts(gWb.DeviceObject);
    WB_CHECK(status, "WbRegisterCallouts");
    if (!NT_SUCCESS(status)) {
        goto DeleteDevice;
    }

    status = WbAddFilters();
    WB_CHECK(status, "WbAddFilters");
    if (!NT_SUCCESS(status)) {
        goto DeleteDevice;
    }

    /* dump the counter into the debugger on shutdown */
    status = IoRegisterShutdownNotification(gWb.DeviceObject);
    WB_CHECK(status, "IoRegisterShutdownNotification");
    if (!NT_SUCCESS(status)) {
        goto RemoveFilters;
    }

    WB_PRINT("loaded, blocking %lu ports", gWb.BlockedPortCount);
    return STATUS_SUCCESS;

RemoveFilters:
    WbRemoveFilters();
    WbUnregisterCallouts();
DeleteDevice:
    IoDeleteDevice(gWb.DeviceObject);
    gWb.DeviceObject = NULL;
    return status;
}

NTSTATUS
WbShutdown(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    WB_PRINT("shutdown, %ld connects blocked", gWb.BlockCount);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
WbUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    /* management side first so no new classifications get routed to us */
    WbRemoveFilters();

    if (gWb.DeviceObject != NULL) {
        IoUnregisterShutdownNotification(gWb.DeviceObject);
        IoDeleteDevice(gWb.DeviceObject);
        gWb.DeviceObject = NULL;
    }

    WbUnregisterCallouts();

    WB_PRINT("unloaded, %ld connects blocked", gWb.BlockCount);
}
