// wiping: IOCTL queues a work item that does some passive-level stuff
// (here just queries the system time and logs it)

#include <ntddk.h>

#define IOCTL_WIPING_KICK CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_NEITHER, FILE_ANY_ACCESS)

typedef struct _DEV_EXT {
    PIO_WORKITEM WorkItem;
    volatile LONG Busy;
} DEV_EXT, *PDEV_EXT;

static PDEVICE_OBJECT gDev;
static UNICODE_STRING gDevName = RTL_CONSTANT_STRING(L"\\Device\\WiPing");
static UNICODE_STRING gLinkName = RTL_CONSTANT_STRING(L"\\DosDevices\\WiPing");

static VOID WorkRoutine(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    PDEV_EXT ext = (PDEV_EXT)DeviceObject->DeviceExtension;
    LARGE_INTEGER now;
    TIME_FIELDS tf;

    UNREFERENCED_PARAMETER(Context);

    KeQuerySystemTime(&now);
    ExSystemTimeToLocalTime(&now, &now);
    RtlTimeToTimeFields(&now, &tf);
    DbgPrint("wiping: work item ran at %02d:%02d:%02d\n", tf.Hour, tf.Minute, tf.Second);

    InterlockedExchange(&ext->Busy, 0);
}

static NTSTATUS DispatchCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS DispatchIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PDEV_EXT ext = (PDEV_EXT)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_WIPING_KICK) {
        if (InterlockedCompareExchange(&ext->Busy, 1, 0) == 0) {
            IoQueueWorkItem(ext->WorkItem, WorkRoutine, DelayedWorkQueue, NULL);
            status = STATUS_SUCCESS;
        } else {
            status = STATUS_DEVICE_BUSY;
        }
    }
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static VOID WiPingUnload(PDRIVER_OBJECT DriverObject)
{
    PDEV_EXT ext = (PDEV_EXT)gDev->DeviceExtension;
    LARGE_INTEGER delay;

    UNREFERENCED_PARAMETER(DriverObject);

    // wait for a queued work item to finish
    delay.QuadPart = -10 * 1000 * 50;
    while (InterlockedCompareExchange(&ext->Busy, 0, 0) != 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &delay);
    }

    IoFreeWorkItem(ext->WorkItem);
    IoDeleteSymbolicLink(&gLinkName);
    IoDeleteDevice(gDev);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    PDEV_EXT ext;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, sizeof(DEV_EXT), &gDevName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &gDev);
    if (!NT_SUCCESS(status))
        return status;

    status = IoCreateSymbolicLink(&gLinkName, &gDevName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(gDev);
        return status;
    }

    ext = (PDEV_EXT)gDev->DeviceExtension;
    ext->Busy = 0;
    ext->WorkItem = IoAllocateWorkItem(gDev);
    if (ext->WorkItem == NULL) {
        DbgPrint("wiping: IoAllocateWorkItem failed\n");
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchIoctl;
    DriverObject->DriverUnload = WiPingUnload;

    gDev->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
