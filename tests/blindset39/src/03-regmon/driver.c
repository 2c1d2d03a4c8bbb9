/*
 * RegMon - logs user-mode registry writes/deletes, a user tool polls them
 * with IOCTL_RM_GET_EVENTS.
 */
#include "regmon.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RmUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH RmCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH RmDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, RmUnload)
#endif

RM_GLOBALS g_Rm;

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    UNICODE_STRING devName = RTL_CONSTANT_STRING(RM_DEVICE_NAME);
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(RM_DOS_NAME);
    BOOLEAN linkCreated = FALSE;

    RMLOG("DriverEntry %wZ\n", RegistryPath);

    RtlZeroMemory(&g_Rm, sizeof(g_Rm));
    g_Rm.ServiceKey = *RegistryPath;

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Rm.DeviceObject);
    CHECK_STATUS(status, "IoCreateDevice");

    g_Rm.DeviceObject->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&dosName, &devName);
    CHECK_STATUS(status, "IoCreateSymbolicLink");
    linkCreated = TRUE;

    status = RmRegisterCallback(DriverObject);
    CHECK_STATUS(status, "CmRegisterCallbackEx");

    InitializeListHead(&g_Rm.EventList);
    KeInitializeSpinLock(&g_Rm.EventLock);
    ExInitializeNPagedLookasideList(&g_Rm.EventPool, NULL, NULL, POOL_NX_ALLOCATION,
                                    sizeof(RM_EVENT), RM_POOL_TAG, 0);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RmCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RmCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RmDeviceControl;
    DriverObject->DriverUnload = RmUnload;

    RMLOG("ready\n");
    return STATUS_SUCCESS;

cleanup:
    if (linkCreated)
        IoDeleteSymbolicLink(&dosName);
    if (g_Rm.DeviceObject) {
        IoDeleteDevice(g_Rm.DeviceObject);
        g_Rm.DeviceObject = NULL;
    }
    return status;
}

VOID
RmUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(RM_DOS_NAME);

    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    /* no callbacks can run after this returns */
    RmUnregisterCallback();

    RmFreeAllEvents();
    ExDeleteNPagedLookasideList(&g_Rm.EventPool);

    IoDeleteSymbolicLink(&dosName);
    IoDeleteDevice(g_Rm.DeviceObject);

    RMLOG("unloaded\n");
}

NTSTATUS
RmCreateClose(
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

NTSTATUS
RmDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (irpSp->Parameters.DeviceIoControl.IoControlCode == IOCTL_RM_GET_EVENTS) {
        ULONG outLen = irpSp->Parameters.DeviceIoControl.OutputBufferLength;

        if (outLen < sizeof(RM_EVENT_DATA)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            info = RmDrainEvents(Irp->AssociatedIrp.SystemBuffer, outLen);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
