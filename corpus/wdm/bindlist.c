/*
 * bindlist: creates one control device per adapter name listed in a
 * multi-string, the way older protocol drivers did. A name whose device
 * cannot be created is skipped: the driver goes on with the others.
 *
 * Conforming: the per-adapter helper's BOOLEAN answer is dropped inside the
 * loop that fills each name (RtlInitUnicodeString) for it: a choice made
 * per item, like a (VOID) cast, not a status lost (no DE005).
 */
#include <ntddk.h>

static const WCHAR BlNames[] = L"\\Device\\BlA\0\\Device\\BlB\0";

static BOOLEAN BlCreateDevice(PDRIVER_OBJECT DriverObject, PUNICODE_STRING Name)
{
    PDEVICE_OBJECT device;
    NTSTATUS status = IoCreateDevice(DriverObject, 0, Name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                                     &device);
    if (!NT_SUCCESS(status)) {
        return FALSE;
    }
    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return TRUE;
}

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH BlCreateClose;

_Use_decl_annotations_
NTSTATUS BlCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

DRIVER_UNLOAD BlUnload;

_Use_decl_annotations_
VOID BlUnload(PDRIVER_OBJECT DriverObject)
{
    while (DriverObject->DeviceObject != NULL) {
        IoDeleteDevice(DriverObject->DeviceObject);
    }
}

DRIVER_INITIALIZE DriverEntry;

_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: wdm
{
    UNICODE_STRING name;
    PCWSTR p;

    UNREFERENCED_PARAMETER(RegistryPath);

    for (p = BlNames; *p != UNICODE_NULL; p += (name.Length + sizeof(UNICODE_NULL)) / sizeof(WCHAR)) {
        RtlInitUnicodeString(&name, p);
        BlCreateDevice(DriverObject, &name);
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = BlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = BlCreateClose;
    DriverObject->DriverUnload = BlUnload;
    return STATUS_SUCCESS;
}
