/*
 * tscctl.c - legacy (non-PnP) control driver that exposes \\.\TscCtl so a
 * user-mode calibration tool can read the time-stamp counter and the
 * performance counter frequency from kernel mode in one request.
 *
 * Installed as a SERVICE_KERNEL_DRIVER with demand start; there is no
 * hardware behind it, so it creates its single device object itself.
 */

#include <ntddk.h>

#define TSCCTL_POOL_TAG         'cTsT'
#define TSCCTL_DEVICE_NAME      L"\\Device\\TscCtl"
#define TSCCTL_DOS_DEVICE_NAME  L"\\DosDevices\\TscCtl"

#define FILE_DEVICE_TSCCTL      0x8337
#define IOCTL_TSCCTL_SAMPLE \
    CTL_CODE(FILE_DEVICE_TSCCTL, 0x800, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _TSCCTL_SAMPLE {
    ULONG64       Tsc;
    LARGE_INTEGER Qpc;
    LARGE_INTEGER QpcFrequency;
} TSCCTL_SAMPLE, *PTSCCTL_SAMPLE;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD TscCtlUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH TscCtlCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH TscCtlDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, TscCtlUnload)
#pragma alloc_text(PAGE, TscCtlCreateClose)
#endif

_Use_decl_annotations_
NTSTATUS
DriverEntry(                                                    // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    UNICODE_STRING deviceName;
    UNICODE_STRING dosDeviceName;
    PDEVICE_OBJECT deviceObject = NULL;

    UNREFERENCED_PARAMETER(RegistryPath);

    KdPrint(("TscCtl: DriverEntry\n"));

    RtlInitUnicodeString(&deviceName, TSCCTL_DEVICE_NAME);

    status = IoCreateDevice(DriverObject,
                            0,
                            &deviceName,
                            FILE_DEVICE_TSCCTL,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &deviceObject);
    if (!NT_SUCCESS(status)) {
        KdPrint(("TscCtl: IoCreateDevice failed 0x%08X\n", status));
        return status;
    }

    RtlInitUnicodeString(&dosDeviceName, TSCCTL_DOS_DEVICE_NAME);

    status = IoCreateSymbolicLink(&dosDeviceName, &deviceName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("TscCtl: IoCreateSymbolicLink failed 0x%08X\n", status));
        IoDeleteDevice(deviceObject);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = TscCtlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = TscCtlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = TscCtlDeviceControl;
    DriverObject->DriverUnload                         = TscCtlUnload;

    deviceObject->Flags |= DO_BUFFERED_IO;
    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
TscCtlUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING dosDeviceName;

    PAGED_CODE();

    RtlInitUnicodeString(&dosDeviceName, TSCCTL_DOS_DEVICE_NAME);
    IoDeleteSymbolicLink(&dosDeviceName);

    if (DriverObject->DeviceObject != NULL) {
        IoDeleteDevice(DriverObject->DeviceObject);
    }
}

_Use_decl_annotations_
NTSTATUS
TscCtlCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    PAGED_CODE();

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
TscCtlDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR information = 0;
    PTSCCTL_SAMPLE sample;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (irpSp->Parameters.DeviceIoControl.IoControlCode == IOCTL_TSCCTL_SAMPLE) {
        if (irpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(TSCCTL_SAMPLE)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            sample = (PTSCCTL_SAMPLE)Irp->AssociatedIrp.SystemBuffer;
            sample->Qpc = KeQueryPerformanceCounter(&sample->QpcFrequency);
            sample->Tsc = __rdtsc();
            information = sizeof(TSCCTL_SAMPLE);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
