/*
 * procnames.c - legacy monitoring driver that records the image names of
 * processes started on the system into a small in-memory table a service
 * drains through \\.\ProcNames. Its global state keeps the device name and
 * the table as members of one structure; a cleanup routine releases what was
 * set, each release guarded by a test of the member.
 *
 * BUG (DE006, DE011): the cleanup routine was written before the table
 * existed and never frees PnGlobals.Table.Names; when IoCreateDevice fails,
 * DriverEntry returns with the table allocated, and the unload routine, which
 * runs the same cleanup, leaves it allocated too.
 */

#include <ntddk.h>

#define PN_TAG 'mNnP'
#define PN_SLOTS 128

typedef struct _PN_TABLE {
    PUNICODE_STRING *Names;
    ULONG           Count;
} PN_TABLE;

typedef struct _PN_GLOBALS {
    UNICODE_STRING  DeviceName;
    PN_TABLE        Table;
    PDEVICE_OBJECT  Device;
} PN_GLOBALS;

static PN_GLOBALS PnGlobals;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PnUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH PnCreateClose;

static VOID
PnCleanup(VOID)
{
    if (PnGlobals.Device != NULL) {
        IoDeleteDevice(PnGlobals.Device);
        PnGlobals.Device = NULL;
    }
    if (PnGlobals.DeviceName.Buffer != NULL) {
        ExFreePoolWithTag(PnGlobals.DeviceName.Buffer, PN_TAG);
        PnGlobals.DeviceName.Buffer = NULL;
    }
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    static const WCHAR name[] = L"\\Device\\ProcNames";

    UNREFERENCED_PARAMETER(RegistryPath);

    PnGlobals.DeviceName.Buffer = ExAllocatePoolWithTag(PagedPool, sizeof(name), PN_TAG);
    if (PnGlobals.DeviceName.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(PnGlobals.DeviceName.Buffer, name, sizeof(name));
    PnGlobals.DeviceName.Length = sizeof(name) - sizeof(WCHAR);
    PnGlobals.DeviceName.MaximumLength = sizeof(name);

    PnGlobals.Table.Names = ExAllocatePoolWithTag(NonPagedPoolNx, PN_SLOTS * sizeof(PUNICODE_STRING), PN_TAG);   // expect: DE011
    if (PnGlobals.Table.Names == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto fail;
    }
    PnGlobals.Table.Count = 0;

    status = IoCreateDevice(DriverObject, 0, &PnGlobals.DeviceName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &PnGlobals.Device);
    if (!NT_SUCCESS(status)) {
        goto fail;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PnCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]  = PnCreateClose;
    DriverObject->DriverUnload = PnUnload;
    return STATUS_SUCCESS;

fail:
    PnCleanup();
    return status;                                      // expect: DE006
}

VOID
PnUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PnCleanup();
}

NTSTATUS
PnCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}
