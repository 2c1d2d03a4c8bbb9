/*
 * cfgquery.c - legacy WDM driver whose control device and its symbolic link
 * may already exist when a second instance of the service starts:
 * STATUS_OBJECT_NAME_COLLISION is not an error here, so each status is tested
 * with a compound condition (a particular status, then NT_SUCCESS) or a
 * comparison before NT_SUCCESS, as file systems and filters commonly do.
 *
 * A helper reads an optional registry value inside __try/__except, testing
 * the status of each call; the exception path (a call that raised returned no
 * status) must not count as a status lost.
 *
 * Conforming: every status is examined (DE005 must not report them), and the
 * unload routine deletes the link and the device it finds (DE011).
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD CfqUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH CfqCreateClose;

static ULONG CfqVerbose;

static VOID
CfqReadOptions(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    OBJECT_ATTRIBUTES attributes;
    HANDLE key = NULL;
    NTSTATUS status;

    InitializeObjectAttributes(&attributes, RegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    __try {
        status = ZwOpenKey(&key, KEY_QUERY_VALUE, &attributes);
        if (!NT_SUCCESS(status)) {
            return;
        }
        CfqVerbose = 1;
        ZwClose(key);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        CfqVerbose = 0;
    }
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNICODE_STRING name, link;
    PDEVICE_OBJECT device = NULL;

    CfqReadOptions(RegistryPath);
    RtlInitUnicodeString(&name, L"\\Device\\CfgQuery");
    RtlInitUnicodeString(&link, L"\\DosDevices\\CfgQuery");
    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (status != STATUS_OBJECT_NAME_COLLISION && !NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateSymbolicLink(&link, &name);
    if (status == STATUS_OBJECT_NAME_COLLISION) {
        status = STATUS_SUCCESS;
    } else if (!NT_SUCCESS(status)) {
        if (device != NULL) {
            IoDeleteDevice(device);
        }
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = CfqCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = CfqCreateClose;
    DriverObject->DriverUnload = CfqUnload;
    return STATUS_SUCCESS;
}

NTSTATUS
CfqCreateClose(
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

VOID
CfqUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING link;

    RtlInitUnicodeString(&link, L"\\DosDevices\\CfgQuery");
    IoDeleteSymbolicLink(&link);
    if (DriverObject->DeviceObject != NULL) {
        IoDeleteDevice(DriverObject->DeviceObject);
    }
}
