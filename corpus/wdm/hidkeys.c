/*
 * hidkeys.c - HID minidriver for the front-panel keys. The driver fills its
 * own dispatch table, AddDevice and unload as a WDM driver does, then
 * registers with the HID class driver, which takes the table over and calls
 * back into ours.
 *
 * hidport.h ships only with the WDK (mingw has none); entrycheck's header
 * model declares the registration structure, so nothing is assumed.
 */

#include <wdm.h>
#include <hidport.h>

#define HIDKEYS_POOLTAG 'yeKH'

typedef struct _HIDKEYS_EXTENSION {
    ULONG KeyState;
    KSPIN_LOCK Lock;
} HIDKEYS_EXTENSION, *PHIDKEYS_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE HidKeysAddDevice;
DRIVER_UNLOAD HidKeysUnload;
_Dispatch_type_(IRP_MJ_INTERNAL_DEVICE_CONTROL) DRIVER_DISPATCH HidKeysInternalIoctl;
_Dispatch_type_(IRP_MJ_PNP) DRIVER_DISPATCH HidKeysPnp;
_Dispatch_type_(IRP_MJ_POWER) DRIVER_DISPATCH HidKeysPower;

NTSTATUS
DriverEntry(                                                    // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    HID_MINIDRIVER_REGISTRATION registration;
    NTSTATUS status;

    DriverObject->MajorFunction[IRP_MJ_INTERNAL_DEVICE_CONTROL] = HidKeysInternalIoctl;
    DriverObject->MajorFunction[IRP_MJ_PNP] = HidKeysPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = HidKeysPower;
    DriverObject->DriverExtension->AddDevice = HidKeysAddDevice;
    DriverObject->DriverUnload = HidKeysUnload;

    RtlZeroMemory(&registration, sizeof(registration));
    registration.Revision = HID_REVISION;
    registration.DriverObject = DriverObject;
    registration.RegistryPath = RegistryPath;
    registration.DeviceExtensionSize = sizeof(HIDKEYS_EXTENSION);
    registration.DevicesArePolled = FALSE;

    status = HidRegisterMinidriver(&registration);
    if (!NT_SUCCESS(status)) {
        KdPrint(("hidkeys: HidRegisterMinidriver failed 0x%08X\n", status));
    }
    return status;
}

_Use_decl_annotations_
NTSTATUS
HidKeysAddDevice(
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
HidKeysInternalIoctl(
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
HidKeysPnp(
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
HidKeysPower(
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
HidKeysUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
}
