/*
 * linkbuf.c - a legacy driver of a pipe-like device with its own
 * symbolic link whose name lives in the device extension. The unload
 * routine deletes the device's link only when its name was set, testing
 * the extension's LinkName.Buffer, in the version that builds the link's
 * name in a local string and never stores it in the extension.
 *
 * BUG (DE011): nothing in the driver sets the extension's LinkName, so the
 * unload routine's test is always false and the link is never deleted:
 * \DosDevices\LinkBuf0 outlives the driver and names a device that is
 * gone.
 */

#include <ntddk.h>
#include <ntstrsafe.h>

typedef struct _LB_EXTENSION {
    ULONG Index;
    UNICODE_STRING LinkName;
    WCHAR LinkBuffer[32];
} LB_EXTENSION, *PLB_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LbUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH LbCreateClose;

NTSTATUS
LbCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static VOID
LbDestroy(
    _In_ PDEVICE_OBJECT Device
    )
{
    PLB_EXTENSION ext = (PLB_EXTENSION)Device->DeviceExtension;

    if (ext->LinkName.Buffer != NULL) {
        IoDeleteSymbolicLink(&ext->LinkName);
    }
    IoDeleteDevice(Device);
}

VOID
LbUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PDEVICE_OBJECT device = DriverObject->DeviceObject;

    while (device != NULL) {
        PDEVICE_OBJECT next = device->NextDevice;
        LbDestroy(device);
        device = next;
    }
}

static NTSTATUS
LbCreateOne(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ ULONG Index
    )
{
    WCHAR nameBuffer[32];
    UNICODE_STRING name, link;
    PDEVICE_OBJECT device;
    PLB_EXTENSION ext;
    NTSTATUS status;

    status = RtlStringCbPrintfW(nameBuffer, sizeof(nameBuffer), L"\\Device\\LinkBuf%lu", Index);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlInitUnicodeString(&name, nameBuffer);
    status = IoCreateDevice(DriverObject, sizeof(LB_EXTENSION), &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ext = (PLB_EXTENSION)device->DeviceExtension;
    RtlZeroMemory(ext, sizeof(LB_EXTENSION));
    ext->Index = Index;

    status = RtlStringCbPrintfW(ext->LinkBuffer, sizeof(ext->LinkBuffer), L"\\DosDevices\\LinkBuf%lu", Index);
    if (NT_SUCCESS(status)) {
        RtlInitUnicodeString(&link, ext->LinkBuffer);
        status = IoCreateSymbolicLink(&link, &name); // expect: DE011
    }
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        return status;
    }
    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = LbCreateOne(DriverObject, 0);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = LbCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = LbCreateClose;
    DriverObject->DriverUnload = LbUnload;
    return STATUS_SUCCESS;
}
