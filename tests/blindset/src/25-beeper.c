// beeper: write a frequency (ULONG, Hz) to \\.\Beeper and it is forwarded
// to the Beep device. Mostly an excuse to practise IoBuildDeviceIoControlRequest.

#include <ntddk.h>
#include <ntddbeep.h>

NTSTATUS BeeperCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS DoBeep(ULONG Freq, ULONG Ms)
{
    UNICODE_STRING beepName = RTL_CONSTANT_STRING(DD_BEEP_DEVICE_NAME_U);
    PFILE_OBJECT fo;
    PDEVICE_OBJECT beepDev;
    BEEP_SET_PARAMETERS p;
    IO_STATUS_BLOCK iosb;
    KEVENT ev;
    PIRP irp;
    NTSTATUS status;

    status = IoGetDeviceObjectPointer(&beepName, FILE_READ_DATA | FILE_WRITE_DATA, &fo, &beepDev);
    if (!NT_SUCCESS(status))
        return status;

    p.Frequency = Freq;
    p.Duration = Ms;
    KeInitializeEvent(&ev, NotificationEvent, FALSE);
    irp = IoBuildDeviceIoControlRequest(IOCTL_BEEP_SET, beepDev, &p, sizeof(p), NULL, 0,
                                        FALSE, &ev, &iosb);
    if (irp == NULL) {
        ObDereferenceObject(fo);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    status = IoCallDriver(beepDev, irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&ev, Executive, KernelMode, FALSE, NULL);
        status = iosb.Status;
    }
    ObDereferenceObject(fo);
    return status;
}

NTSTATUS BeeperWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_PARAMETER;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.Write.Length == sizeof(ULONG)) {
        status = DoBeep(*(PULONG)Irp->AssociatedIrp.SystemBuffer, 300);
    }
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = NT_SUCCESS(status) ? sizeof(ULONG) : 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID BeeperUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\??\\Beeper");

    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(DriverObject->DeviceObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(L"\\Device\\Beeper");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\??\\Beeper");
    PDEVICE_OBJECT dev = NULL;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = BeeperCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = BeeperCreateClose;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = BeeperWrite;
    DriverObject->DriverUnload = BeeperUnload;

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN, 0, FALSE, &dev);
    if (NT_SUCCESS(status)) {
        status = IoCreateSymbolicLink(&link, &devName);
        if (!NT_SUCCESS(status)) {
            DbgPrint("beeper: IoCreateSymbolicLink failed %x\n", status);
            IoDeleteDevice(dev);
        } else {
            dev->Flags |= DO_BUFFERED_IO;
            dev->Flags &= ~DO_DEVICE_INITIALIZING;
            DbgPrint("beeper: ready\n");
        }
    } else {
        DbgPrint("beeper: IoCreateDevice failed %x\n", status);
        return status;
    }

    return STATUS_SUCCESS;
}
