/*
 * hidfill.c - HID minidriver for a rotary encoder. A helper fills the
 * registration structure DriverEntry holds on its stack, given its address:
 * `Registration->RegistryPath = RegistryPath`, as HidRegisterMinidriver's
 * page has the caller do. The class driver reads the structure during the
 * call and keeps what it needs.
 *
 * Conforming: the store through the helper's parameter lands in DriverEntry's
 * own local, which dies with it (no DE004; before, any store through a
 * pointer was taken to outlive DriverEntry).
 */

#include <wdm.h>
#include <hidport.h>

typedef struct _ENC_EXTENSION {
    LONG Position;
} ENC_EXTENSION, *PENC_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE EncAddDevice;
DRIVER_UNLOAD EncUnload;
_Dispatch_type_(IRP_MJ_INTERNAL_DEVICE_CONTROL) DRIVER_DISPATCH EncInternalIoctl;
_Dispatch_type_(IRP_MJ_PNP) DRIVER_DISPATCH EncPnp;
_Dispatch_type_(IRP_MJ_POWER) DRIVER_DISPATCH EncPower;

static VOID
EncFillRegistration(_Out_ PHID_MINIDRIVER_REGISTRATION Registration, _In_ PDRIVER_OBJECT DriverObject,
                    _In_ PUNICODE_STRING RegistryPath)
{
    RtlZeroMemory(Registration, sizeof(*Registration));
    Registration->Revision = HID_REVISION;
    Registration->DriverObject = DriverObject;
    Registration->RegistryPath = RegistryPath;
    Registration->DeviceExtensionSize = sizeof(ENC_EXTENSION);
    Registration->DevicesArePolled = FALSE;
}

NTSTATUS
DriverEntry(                                                    // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    HID_MINIDRIVER_REGISTRATION registration;

    DriverObject->MajorFunction[IRP_MJ_INTERNAL_DEVICE_CONTROL] = EncInternalIoctl;
    DriverObject->MajorFunction[IRP_MJ_PNP] = EncPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = EncPower;
    DriverObject->DriverExtension->AddDevice = EncAddDevice;
    DriverObject->DriverUnload = EncUnload;

    EncFillRegistration(&registration, DriverObject, RegistryPath);
    return HidRegisterMinidriver(&registration);
}

_Use_decl_annotations_
NTSTATUS
EncAddDevice(
    PDRIVER_OBJECT DriverObject,
    PDEVICE_OBJECT FunctionalDeviceObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    FunctionalDeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
EncInternalIoctl(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_NOT_SUPPORTED;
}

_Use_decl_annotations_
NTSTATUS
EncPnp(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    IoSkipCurrentIrpStackLocation(Irp);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
EncPower(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PoStartNextPowerIrp(Irp);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
EncUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
}
