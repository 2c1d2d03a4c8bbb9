/*
 * kbdcount.c - the key-statistics filter of ../kbdcount.c, changed to need
 * both keyboards: DriverEntry fails the load when fewer than two attached,
 * but on that return the one keyboard that did attach keeps its filter
 * device, attached to the class device's stack, with no unload routine to
 * ever detach or delete it.
 *
 * BUG (DE006).
 */

#include <ntddk.h>
#include <ntstrsafe.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD KcUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) _Dispatch_type_(IRP_MJ_READ)
_Dispatch_type_(IRP_MJ_POWER) _Dispatch_type_(IRP_MJ_PNP) _Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH KcPass;

typedef struct _KC_EXTENSION {
    PDEVICE_OBJECT Lower;
} KC_EXTENSION, *PKC_EXTENSION;

typedef struct _KC_GLOBALS {
    ULONG Attached;
    ULONG Keys;
} KC_GLOBALS;

static KC_GLOBALS KcGlobals;

NTSTATUS
KcPass(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PKC_EXTENSION ext = (PKC_EXTENSION)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

static NTSTATUS
KcAttachOne(_In_ PDRIVER_OBJECT DriverObject, _In_ ULONG Index)
{
    NTSTATUS status;
    WCHAR buffer[48];
    UNICODE_STRING name;
    PDEVICE_OBJECT filter = NULL;
    PKC_EXTENSION ext;

    RtlInitEmptyUnicodeString(&name, buffer, sizeof(buffer));
    status = RtlUnicodeStringPrintf(&name, L"\\Device\\KeyboardClass%lu", Index);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = IoCreateDevice(DriverObject, sizeof(KC_EXTENSION), NULL, FILE_DEVICE_KEYBOARD, 0, FALSE,
                            &filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ext = (PKC_EXTENSION)filter->DeviceExtension;
    status = IoAttachDevice(filter, &name, &ext->Lower);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(filter);
        return status;
    }
    filter->Flags |= DO_BUFFERED_IO;
    filter->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID
KcUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    while (DriverObject->DeviceObject != NULL) {
        PDEVICE_OBJECT device = DriverObject->DeviceObject;
        PKC_EXTENSION ext = (PKC_EXTENSION)device->DeviceExtension;

        IoDetachDevice(ext->Lower);
        IoDeleteDevice(device);
    }
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&KcGlobals, sizeof(KcGlobals));
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = KcPass;
    }
    DriverObject->DriverUnload = KcUnload;

    status = KcAttachOne(DriverObject, 0);
    if (NT_SUCCESS(status)) {
        KcGlobals.Attached++;
    }
    status = KcAttachOne(DriverObject, 1);
    if (NT_SUCCESS(status)) {
        KcGlobals.Attached++;
    }

    if (KcGlobals.Attached < 2) {
        return STATUS_NO_SUCH_DEVICE;                   // expect: DE006, DE006
    }
    return STATUS_SUCCESS;
}
