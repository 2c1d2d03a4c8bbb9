/*
 * lacache.c - the request cache of ../lacache.c, violating: when
 * IoCreateSymbolicLink fails, DriverEntry deletes the device but not the
 * lookaside list.
 *
 * BUG (DE006): the list's entries would be left to an unloaded image. The
 * finding is at that return, which can happen; not at the one after
 * LcCreateList, which cannot (ExInitializeLookasideListEx with a valid
 * pool type and no flags succeeds).
 */

#include <ntddk.h>

#define LC_TAG 'ehCL'

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LcUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH LcCreateClose;

typedef struct _LC_REQUEST {
    LIST_ENTRY Link;
    ULONG Code;
} LC_REQUEST;

static PDEVICE_OBJECT LcDevice;
static LOOKASIDE_LIST_EX LcRequests;
static UNICODE_STRING LcDeviceName = RTL_CONSTANT_STRING(L"\\Device\\LaCache");
static UNICODE_STRING LcLinkName = RTL_CONSTANT_STRING(L"\\DosDevices\\LaCache");

static BOOLEAN
LcCreateList(_Out_ PLOOKASIDE_LIST_EX List, _In_ SIZE_T Size)
{
    NTSTATUS status = ExInitializeLookasideListEx(List, NULL, NULL, NonPagedPoolNx, 0, Size, LC_TAG, 0);

    if (!NT_SUCCESS(status)) {
        KdPrint(("LaCache: ExInitializeLookasideListEx failed 0x%x\n", status));
        return FALSE;
    }
    return TRUE;
}

NTSTATUS
LcCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
LcUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteSymbolicLink(&LcLinkName);
    ExDeleteLookasideListEx(&LcRequests);
    IoDeleteDevice(LcDevice);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &LcDeviceName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &LcDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    if (!LcCreateList(&LcRequests, sizeof(LC_REQUEST))) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = IoCreateSymbolicLink(&LcLinkName, &LcDeviceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(LcDevice);
        return status;                                  // expect: DE006
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = LcCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = LcCreateClose;
    DriverObject->DriverUnload = LcUnload;
    return STATUS_SUCCESS;
}
