/*
 * evtring - process / image events in a ring shared with the agent,
 * plus an event the agent can wait on instead of polling.
 */
#include "evtring.h"

ER_GLOBALS g_Er;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ErUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH ErCreateClose;
_Dispatch_type_(IRP_MJ_CLEANUP) DRIVER_DISPATCH ErCleanup;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH ErControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, ErUnload)
#endif

static NTSTATUS
ErComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Info)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
ErCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return ErComplete(Irp, STATUS_SUCCESS, 0);
}

/* runs in the context of the process closing its last handle */
NTSTATUS
ErCleanup(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    ErRingUnmap(PsGetCurrentProcess());
    return ErComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS
ErControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;
    PVOID va;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode != IOCTL_ER_MAP) {
        return ErComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
    if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(PVOID)) {
        return ErComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
    }
    status = ErRingMap(&va);
    if (NT_SUCCESS(status)) {
        *(PVOID *)Irp->AssociatedIrp.SystemBuffer = va;
    }
    return ErComplete(Irp, status, NT_SUCCESS(status) ? sizeof(PVOID) : 0);
}

VOID
ErUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(ER_DOS_NAME);

    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    ERLOG("unload");

    /* producers first, then the consumer-side thread, then the memory */
    ErNotifyStop();
    ErSignalThreadStop();
    ErDataEventClose();

    IoDeleteSymbolicLink(&dosName);
    IoDeleteDevice(g_Er.Device);
    g_Er.Device = NULL;

    ErRingDestroy();
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    UNICODE_STRING ntName = RTL_CONSTANT_STRING(ER_NT_NAME);
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(ER_DOS_NAME);

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Er, sizeof(g_Er));

    status = ErRingCreate();
    if (!NT_SUCCESS(status)) {
        ERLOG("ring 0x%08X", status);
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, &ntName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Er.Device);
    if (!NT_SUCCESS(status)) {
        ERLOG("IoCreateDevice 0x%08X", status);
        goto err_ring;
    }
    g_Er.Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&dosName, &ntName);
    if (!NT_SUCCESS(status)) {
        ERLOG("IoCreateSymbolicLink 0x%08X", status);
        goto err_device;
    }

    status = ErDataEventCreate();
    if (!NT_SUCCESS(status)) {
        ERLOG("data event 0x%08X", status);
        goto err_link;
    }

    status = ErSignalThreadStart();
    if (!NT_SUCCESS(status)) {
        ERLOG("signal thread 0x%08X", status);
        goto err_event;
    }

    status = ErNotifyStart();
    if (!NT_SUCCESS(status)) {
        goto err_thread;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = ErCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ErCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = ErCleanup;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ErControl;
    DriverObject->DriverUnload = ErUnload;

    ERLOG("ready, ring %p", g_Er.Ring);
    return STATUS_SUCCESS;

err_thread:
    ErSignalThreadStop();
err_event:
    ErDataEventClose();
err_link:
    IoDeleteSymbolicLink(&dosName);
err_device:
    IoDeleteDevice(g_Er.Device);
    g_Er.Device = NULL;
err_ring:
    ErRingDestroy();
    return status;
}
