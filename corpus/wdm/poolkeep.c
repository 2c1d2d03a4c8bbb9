/*
 * poolkeep.c - a WDM driver that serves a snapshot of its service key's
 * "Banner" value through \\.\PoolKeep. DriverEntry reads the value into a
 * scratch buffer from pool, copies it into a global buffer the read
 * dispatch serves, and frees the scratch buffer before it returns; a second
 * global buffer is filled by a helper through its out parameter. The unload
 * routine frees both global buffers.
 *
 * Conforming: what the driver keeps in pool is freed by its unload routine,
 * and the scratch buffer a local holds is freed in DriverEntry (no DE011).
 */

#include <ntddk.h>

#define PK_TAG  'eKoP'
#define PK_SIZE 256

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PkUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH PkCreateClose;

static PDEVICE_OBJECT PkDevice;
static PWCHAR PkBanner;
static PUCHAR PkHistory;

static NTSTATUS
PkAllocateHistory(_Out_ PUCHAR *History)
{
    *History = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, PK_SIZE, PK_TAG);
    return *History ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

_Use_decl_annotations_
VOID
PkUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(PkDevice);
    ExFreePoolWithTag(PkHistory, PK_TAG);
    ExFreePoolWithTag(PkBanner, PK_TAG);
}

_Use_decl_annotations_
NTSTATUS
PkCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: wdm
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\PoolKeep");
    PWCHAR scratch;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    scratch = (PWCHAR)ExAllocatePool2(POOL_FLAG_PAGED, PK_SIZE, PK_TAG);
    if (scratch == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(scratch, PK_SIZE);

    PkBanner = (PWCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, PK_SIZE, PK_TAG);
    if (PkBanner == NULL) {
        ExFreePoolWithTag(scratch, PK_TAG);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(PkBanner, scratch, PK_SIZE);
    ExFreePoolWithTag(scratch, PK_TAG);

    status = PkAllocateHistory(&PkHistory);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(PkBanner, PK_TAG);
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &PkDevice);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(PkHistory, PK_TAG);
        ExFreePoolWithTag(PkBanner, PK_TAG);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PkCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PkCreateClose;
    DriverObject->DriverUnload = PkUnload;
    return STATUS_SUCCESS;
}
