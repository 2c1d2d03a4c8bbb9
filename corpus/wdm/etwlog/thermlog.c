/*
 * thermlog.c - a thermal sensor logger that reports through a manifest-based
 * ETW provider. thermevents.h is what mc.exe -km generates from thermlog.man
 * in a WDK build (thermlog.vcxproj's MessageCompile item names it); it is
 * not in the tree. DriverEntry registers the provider first and unregisters
 * it on every failure after that; the unload routine unregisters it last.
 */

#include <ntddk.h>
#include "thermevents.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ThermLogUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH ThermLogCreateClose;

static PDEVICE_OBJECT ThermLogDevice;

NTSTATUS
ThermLogCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
ThermLogUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(ThermLogDevice);
    EventWriteDriverUnloaded(NULL);
    EventUnregisterTHERMLOG_PROVIDER();
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\ThermLog");
    NTSTATUS status;

    status = EventRegisterTHERMLOG_PROVIDER();
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (EventEnabledDriverLoaded()) {
        EventWriteDriverLoaded(NULL, RegistryPath->Buffer);
    }

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, 0, FALSE, &ThermLogDevice);
    if (!NT_SUCCESS(status)) {
        EventWriteSensorFailed(NULL, 0, status);
        EventUnregisterTHERMLOG_PROVIDER();
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = ThermLogCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ThermLogCreateClose;
    DriverObject->DriverUnload = ThermLogUnload;
    return STATUS_SUCCESS;
}
