/*
 * thermlog.c (violating) - the thermal sensor logger of ../../etwlog/thermlog.c
 * in its first version: the same manifest-based ETW provider, registered
 * first in DriverEntry, but the failure of IoCreateDevice is logged and
 * returned without unregistering it. thermevents.h is what mc.exe -km
 * generates from thermlog.man (named by thermlog.vcxproj); it is not in the
 * tree.
 *
 * The failure is logged through a helper that writes the event itself with
 * MCGEN_EVENTWRITETRANSFER, the generated header's name for the write
 * routine (EtwWriteTransfer), as logging layers over the manifest do.
 *
 * BUG (DE006): DriverEntry fails after EventRegisterTHERMLOG_PROVIDER
 * (EtwRegister) succeeded and leaves the provider registered; no unload
 * routine runs when DriverEntry fails.
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

static NTSTATUS
ThermLogFailure(_In_ NTSTATUS Status)
{
    EVENT_DATA_DESCRIPTOR data;

    data.Ptr = (ULONGLONG)(ULONG_PTR)&Status;
    data.Size = sizeof(Status);
    data.Reserved = 0;
    return MCGEN_EVENTWRITETRANSFER(THERMLOG_PROVIDERHandle, &SensorFailed, NULL, NULL, 1, &data);
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
        (VOID)ThermLogFailure(status);
        return status;                                  // expect: DE006
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = ThermLogCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ThermLogCreateClose;
    DriverObject->DriverUnload = ThermLogUnload;
    return STATUS_SUCCESS;
}
