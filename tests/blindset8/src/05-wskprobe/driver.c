/*
 * driver.c - wskprobe DriverEntry, Unload and IRP dispatch.
 */
#include "wskprobe.h"

WSKPROBE_GLOBALS g_Probe;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     WpUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH   WpCreateClose;

_Dispatch_type_(IRP_MJ_CLEANUP)
DRIVER_DISPATCH   WpCleanup;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH   WpDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, WpUnload)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    UNICODE_STRING deviceName;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Probe, sizeof(g_Probe));
    KeInitializeEvent(&g_Probe.StopEvent, NotificationEvent, FALSE);
    KeInitializeEvent(&g_Probe.WorkEvent, SynchronizationEvent, FALSE);
    KeInitializeSpinLock(&g_Probe.QueueLock);
    InitializeListHead(&g_Probe.Queue);
    RtlInitUnicodeString(&g_Probe.LinkName, WSKPROBE_LINK_NAME);

    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = WpCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP]        = WpCleanup;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = WpDeviceControl;
    DriverObject->DriverUnload = WpUnload;

    status = WpRegisterWsk();
    if (!NT_SUCCESS(status)) {
        KdPrint(("wskprobe: WskRegister failed 0x%08X\n", status));
        return status;
    }

    RtlInitUnicodeString(&deviceName, WSKPROBE_DEVICE_NAME);
    status = IoCreateDevice(DriverObject,
                            0,
                            &deviceName,
                            FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &g_Probe.DeviceObject);
    if (!NT_SUCCESS(status)) {
        KdPrint(("wskprobe: IoCreateDevice failed 0x%08X\n", status));
        WpDeregisterWsk();
        return status;
    }
    g_Probe.DeviceObject->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&g_Probe.LinkName, &deviceName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("wskprobe: IoCreateSymbolicLink failed 0x%08X\n", status));
        IoDeleteDevice(g_Probe.DeviceObject);
        g_Probe.DeviceObject = NULL;
        return status;
    }

    status = WpStartWorker();
    if (!NT_SUCCESS(status)) {
        KdPrint(("wskprobe: worker thread failed 0x%08X\n", status));
        IoDeleteSymbolicLink(&g_Probe.LinkName);
        IoDeleteDevice(g_Probe.DeviceObject);
        g_Probe.DeviceObject = NULL;
        WpDeregisterWsk();
        return status;
    }

    g_Probe.DeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID
WpUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    /* The worker releases the provider NPI before it exits, so
       WskDeregister below does not wait on us. */
    WpStopWorker();

    IoDeleteSymbolicLink(&g_Probe.LinkName);
    if (g_Probe.DeviceObject != NULL) {
        IoDeleteDevice(g_Probe.DeviceObject);
        g_Probe.DeviceObject = NULL;
    }

    WpDeregisterWsk();
}

static NTSTATUS
WpComplete(
    _Inout_ PIRP      Irp,
    _In_    NTSTATUS  Status,
    _In_    ULONG_PTR Information
    )
{
    Irp->IoStatus.Status      = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
WpCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return WpComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS
WpCleanup(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return WpComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS
WpDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG inLen  = stack->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = stack->Parameters.DeviceIoControl.OutputBufferLength;
    PWSKPROBE_WORK work;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_WSKPROBE_CONNECT:
        if (inLen < sizeof(WSKPROBE_REQUEST)) {
            return WpComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        work = ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(*work), WSKPROBE_TAG);
        if (work == NULL) {
            return WpComplete(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
        }
        RtlCopyMemory(&work->Request, Irp->AssociatedIrp.SystemBuffer, sizeof(WSKPROBE_REQUEST));
        work->Irp = Irp;
        IoMarkIrpPending(Irp);
        WpQueueWork(work);
        return STATUS_PENDING;

    case IOCTL_WSKPROBE_STATS:
        if (outLen < sizeof(WSKPROBE_STATS)) {
            return WpComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &g_Probe.Stats, sizeof(WSKPROBE_STATS));
        return WpComplete(Irp, STATUS_SUCCESS, sizeof(WSKPROBE_STATS));

    default:
        return WpComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}
