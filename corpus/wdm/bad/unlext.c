/*
 * unlext.c (violating) - the twin of ../unlext.c whose unload routine
 * deletes each device first, then frees the buffer it keeps in the
 * device's extension: by then the extension has gone with the device.
 * Expected: DE021.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD UxUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH UxCreateClose;

#define UX_TAG 'xUnU'
#define UX_DEVICES 2

typedef struct _UX_EXTENSION {
    PVOID Scratch;
    ULONG Opens;
    UNICODE_STRING Link;
    WCHAR LinkBuffer[32];
} UX_EXTENSION, *PUX_EXTENSION;

NTSTATUS UxCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PUX_EXTENSION ext = DeviceObject->DeviceExtension;
    InterlockedIncrement((LONG volatile *)&ext->Opens);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID UxUnload(PDRIVER_OBJECT DriverObject)
{
    PDEVICE_OBJECT device = DriverObject->DeviceObject;

    while (device != NULL) {
        PDEVICE_OBJECT next = device->NextDevice;
        PUX_EXTENSION ext = device->DeviceExtension;
        ULONG opens = ext->Opens;

        IoDeleteSymbolicLink(&ext->Link);
        IoDeleteDevice(device);
        if (ext->Scratch != NULL)  // expect: DE021
            ExFreePoolWithTag(ext->Scratch, UX_TAG);
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "unlext: device opened %lu times\n", opens);
        device = next;
    }
}

static NTSTATUS UxCreateOne(PDRIVER_OBJECT DriverObject, ULONG Index)
{
    WCHAR nameBuffer[32];
    UNICODE_STRING name;
    PDEVICE_OBJECT device;
    PUX_EXTENSION ext;
    NTSTATUS status;

    RtlInitEmptyUnicodeString(&name, nameBuffer, sizeof(nameBuffer));
    status = RtlUnicodeStringPrintf(&name, L"\\Device\\UnlExt%lu", Index);
    if (!NT_SUCCESS(status))
        return status;
    status = IoCreateDevice(DriverObject, sizeof(UX_EXTENSION), &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status))
        return status;
    ext = device->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    RtlInitEmptyUnicodeString(&ext->Link, ext->LinkBuffer, sizeof(ext->LinkBuffer));
    status = RtlUnicodeStringPrintf(&ext->Link, L"\\DosDevices\\UnlExt%lu", Index);
    if (NT_SUCCESS(status))
        status = IoCreateSymbolicLink(&ext->Link, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        return status;
    }
    ext->Scratch = ExAllocatePoolWithTag(NonPagedPool, PAGE_SIZE, UX_TAG);
    if (ext->Scratch == NULL) {
        IoDeleteSymbolicLink(&ext->Link);
        IoDeleteDevice(device);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->MajorFunction[IRP_MJ_CREATE] = UxCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = UxCreateClose;
    DriverObject->DriverUnload = UxUnload;

    for (ULONG i = 0; i < UX_DEVICES; i++) {
        status = UxCreateOne(DriverObject, i);
        if (!NT_SUCCESS(status)) {
            UxUnload(DriverObject);
            return status;
        }
    }
    return STATUS_SUCCESS;
}
