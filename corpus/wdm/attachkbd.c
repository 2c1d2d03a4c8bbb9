/*
 * attachkbd.c (conforming) - a legacy keyboard filter that attaches its
 * device above KeyboardClass0 with IoAttachDevice and gives up, deleting the
 * device, when the attach fails.
 * Expected: nothing.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD AkUnload;
_Dispatch_type_(IRP_MJ_READ) _Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_PNP)
DRIVER_DISPATCH AkPass;

static PDEVICE_OBJECT AkFilter;
static PDEVICE_OBJECT AkLower;

NTSTATUS
AkPass(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(AkLower, Irp);
}

VOID
AkUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDetachDevice(AkLower);
    IoDeleteDevice(AkFilter);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING target = RTL_CONSTANT_STRING(L"\\Device\\KeyboardClass0");
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = AkPass;
    }

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_KEYBOARD, 0, FALSE, &AkFilter);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    AkFilter->Flags |= DO_BUFFERED_IO;

    status = IoAttachDevice(AkFilter, &target, &AkLower);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(AkFilter);
        return status;
    }
    AkFilter->Flags &= ~DO_DEVICE_INITIALIZING;

    DriverObject->DriverUnload = AkUnload;
    return STATUS_SUCCESS;
}
