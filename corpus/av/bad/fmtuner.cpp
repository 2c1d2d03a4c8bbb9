/*
 * fmtuner.cpp - PortCls adapter driver for the FM tuner's audio output.
 * Mistake: PcInitializeAdapterDriver's status is thrown away and DriverEntry
 * returns success, so a driver PortCls never bound stays loaded with no
 * AddDevice and no IRP handlers of its own (DE005).
 */

extern "C" {
#include <portcls.h>
}

#define FMTUNER_MAX_MINIPORTS 2

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE FmTunerAddDevice;
_Dispatch_type_(IRP_MJ_PNP) DRIVER_DISPATCH FmTunerPnp;

extern "C"
NTSTATUS
DriverEntry(                                                    // expect-entry: audio-adapter
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    PcInitializeAdapterDriver(DriverObject, RegistryPath, FmTunerAddDevice);   // expect: DE005

    DriverObject->MajorFunction[IRP_MJ_PNP] = FmTunerPnp;
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
FmTunerAddDevice(
    PDRIVER_OBJECT DriverObject,
    PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    return PcAddAdapterDevice(DriverObject, PhysicalDeviceObject, NULL, FMTUNER_MAX_MINIPORTS, 0);
}

_Use_decl_annotations_
NTSTATUS
FmTunerPnp(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    return PcDispatchIrp(DeviceObject, Irp);
}
