#include "procmon.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PmUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH PmCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH PmDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, PmUnload)
#endif

PM_GLOBALS g_Pm;

static UNICODE_STRING s_DeviceName = RTL_CONSTANT_STRING(PROCMON_DEVICE_NAME);
static UNICODE_STRING s_LinkName = RTL_CONSTANT_STRING(PROCMON_LINK_NAME);

NTSTATUS PmCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS PmDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (stack->Parameters.DeviceIoControl.IoControlCode == IOCTL_PROCMON_READ) {
        ULONG outLen = stack->Parameters.DeviceIoControl.OutputBufferLength;
        if (outLen < sizeof(PM_EVENT)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            ULONG n = PmPopEvents((PPM_EVENT)Irp->AssociatedIrp.SystemBuffer,
                                  outLen / sizeof(PM_EVENT));
            info = (ULONG_PTR)n * sizeof(PM_EVENT);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID PmUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    PsRemoveLoadImageNotifyRoutine(PmOnImageLoad);
    PsRemoveCreateThreadNotifyRoutine(PmOnThreadNotify);
    PsSetCreateProcessNotifyRoutineEx(PmOnProcessNotify, TRUE);

    IoDeleteSymbolicLink(&s_LinkName);
    IoDeleteDevice(g_Pm.DeviceObject);

    PmFlushEvents();
    KdPrint(("ProcMon: unloaded\n"));
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    KeInitializeSpinLock(&g_Pm.Lock);
    InitializeListHead(&g_Pm.Events);
    g_Pm.Count = 0;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PmCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PmCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PmDeviceControl;

    status = IoCreateDevice(DriverObject, 0, &s_DeviceName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Pm.DeviceObject);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ProcMon: IoCreateDevice failed 0x%08X\n", status));
        return status;
    }

    status = IoCreateSymbolicLink(&s_LinkName, &s_DeviceName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ProcMon: IoCreateSymbolicLink failed 0x%08X\n", status));
        goto DeleteDevice;
    }

    status = PsSetCreateProcessNotifyRoutineEx(PmOnProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ProcMon: process notify failed 0x%08X\n", status));
        goto DeleteLink;
    }

    status = PsSetCreateThreadNotifyRoutine(PmOnThreadNotify);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ProcMon: thread notify failed 0x%08X\n", status));
        goto RemoveProcess;
    }

    status = PsSetLoadImageNotifyRoutine(PmOnImageLoad);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ProcMon: image notify failed 0x%08X\n", status));
        goto RemoveThread;
    }

    DriverObject->DriverUnload = PmUnload;
    KdPrint(("ProcMon: loaded\n"));
    return STATUS_SUCCESS;

RemoveThread:
    PsRemoveCreateThreadNotifyRoutine(PmOnThreadNotify);
RemoveProcess:
    PsSetCreateProcessNotifyRoutineEx(PmOnProcessNotify, TRUE);
DeleteLink:
    IoDeleteSymbolicLink(&s_LinkName);
DeleteDevice:
    IoDeleteDevice(g_Pm.DeviceObject);
    PmFlushEvents();
    return status;
}
