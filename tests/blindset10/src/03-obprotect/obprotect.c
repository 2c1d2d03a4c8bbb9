/*
 * obprotect.c - driver entry, device and ioctls
 *
 * client: obpctl add <pid> | remove <pid> | clear
 */
#include "obprotect.h"

OBP_PID_LIST g_PidList;
static PVOID g_ObHandle;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ObpUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH ObpCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH ObpDeviceControl;

static NTSTATUS
ObpAddPid(ULONG Pid)
{
    KIRQL irql;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG i;

    KeAcquireSpinLock(&g_PidList.Lock, &irql);
    for (i = 0; i < g_PidList.Count; i++) {
        if (g_PidList.Pids[i] == Pid) {
            goto out;
        }
    }
    if (g_PidList.Count == OBP_MAX_PIDS) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto out;
    }
    g_PidList.Pids[g_PidList.Count++] = Pid;
out:
    KeReleaseSpinLock(&g_PidList.Lock, irql);
    return status;
}

static NTSTATUS
ObpRemovePid(ULONG Pid)
{
    KIRQL irql;
    ULONG i;
    NTSTATUS status = STATUS_NOT_FOUND;

    KeAcquireSpinLock(&g_PidList.Lock, &irql);
    for (i = 0; i < g_PidList.Count; i++) {
        if (g_PidList.Pids[i] == Pid) {
            g_PidList.Pids[i] = g_PidList.Pids[--g_PidList.Count];
            status = STATUS_SUCCESS;
            break;
        }
    }
    KeReleaseSpinLock(&g_PidList.Lock, irql);
    return status;
}

NTSTATUS
ObpCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
ObpDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG inLen = sp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG pid = 0;
    NTSTATUS status;
    KIRQL irql;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_OBP_ADD_PID:
    case IOCTL_OBP_REMOVE_PID:
        if (inLen < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        pid = *(PULONG)Irp->AssociatedIrp.SystemBuffer;
        status = (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_OBP_ADD_PID)
                     ? ObpAddPid(pid)
                     : ObpRemovePid(pid);
        dprint("ioctl pid %lu -> 0x%08X\n", pid, status);
        break;

    case IOCTL_OBP_CLEAR:
        KeAcquireSpinLock(&g_PidList.Lock, &irql);
        g_PidList.Count = 0;
        KeReleaseSpinLock(&g_PidList.Lock, irql);
        status = STATUS_SUCCESS;
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID
ObpUnload(PDRIVER_OBJECT DriverObject)
{
    ObpUnregisterCallbacks(g_ObHandle);
    g_ObHandle = NULL;

    if (DriverObject->DeviceObject != NULL) {
        IoDeleteDevice(DriverObject->DeviceObject);
    }
    dprint("bye\n");
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(OBP_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(OBP_LINK_NAME);
    PDEVICE_OBJECT dev = NULL;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    KeInitializeSpinLock(&g_PidList.Lock);
    g_PidList.Count = 0;

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &dev);
    if (!NT_SUCCESS(status)) {
        dprint("IoCreateDevice 0x%08X\n", status);
        return status;
    }

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        dprint("IoCreateSymbolicLink 0x%08X\n", status);
        IoDeleteDevice(dev);
        return status;
    }

    status = ObpRegisterCallbacks(&g_ObHandle);
    if (!NT_SUCCESS(status)) {
        IoDeleteSymbolicLink(&linkName);
        IoDeleteDevice(dev);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = ObpCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ObpCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ObpDeviceControl;
    DriverObject->DriverUnload = ObpUnload;

    dev->Flags |= DO_BUFFERED_IO;
    dev->Flags &= ~DO_DEVICE_INITIALIZING;

    dprint("loaded, link %wZ\n", &linkName);
    return STATUS_SUCCESS;
}
