/*
 * ringlog.c - legacy driver that keeps a ring of kernel log records for a
 * diagnostics tool, read through a control device.
 *
 * BUG (DE010): when the ring cannot be allocated, DriverEntry deletes the
 * control device and returns `status`, which still holds IoCreateDevice's
 * success. The driver stays loaded with an unload routine that frees the
 * ring and deletes the device a second time.
 */

#include <ntddk.h>

#define RINGLOG_TAG  'gLgR'
#define RINGLOG_SIZE (64 * 1024)

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RingLogUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH RingLogCreateClose;

static PDEVICE_OBJECT RingLogDevice;
static PUCHAR RingLogBuffer;

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\RingLog");
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &RingLogDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RingLogBuffer = (PUCHAR)ExAllocatePoolWithTag(NonPagedPoolNx, RINGLOG_SIZE, RINGLOG_TAG);
    if (RingLogBuffer == NULL) {
        IoDeleteDevice(RingLogDevice);
        return status;                                  // expect: DE010
    }
    RtlZeroMemory(RingLogBuffer, RINGLOG_SIZE);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RingLogCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RingLogCreateClose;
    DriverObject->DriverUnload = RingLogUnload;
    return STATUS_SUCCESS;
}

NTSTATUS
RingLogCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
RingLogUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    ExFreePoolWithTag(RingLogBuffer, RINGLOG_TAG);
    IoDeleteDevice(RingLogDevice);
}
