/*
 * EvtQueue - user mode submits buffers, a worker thread CRCs them and
 * sets the client's event when a result is ready.
 */
#include "evtq.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     EqUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH   EqCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH   EqDeviceControl;

EVTQ_GLOBALS g_Eq;

static UNICODE_STRING g_DevName  = RTL_CONSTANT_STRING(EVTQ_DEVICE);
static UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(EVTQ_LINK);

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Eq, sizeof(g_Eq));
    KeInitializeEvent(&g_Eq.WakeEvent, SynchronizationEvent, FALSE);
    KeInitializeSpinLock(&g_Eq.QueueLock);
    InitializeListHead(&g_Eq.Queue);
    KeInitializeSpinLock(&g_Eq.EventLock);

    status = IoCreateDevice(DriverObject, 0, &g_DevName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Eq.Device);
    if (!NT_SUCCESS(status)) {
        EQ_DBG("IoCreateDevice 0x%08X\n", status);
        return status;
    }
    g_Eq.Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&g_LinkName, &g_DevName);
    if (!NT_SUCCESS(status)) {
        EQ_DBG("IoCreateSymbolicLink 0x%08X\n", status);
        goto fail;
    }
    g_Eq.LinkCreated = TRUE;

    status = EqStartWorker();
    if (!NT_SUCCESS(status))
        goto fail;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = EqCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = EqCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = EqDeviceControl;
    DriverObject->DriverUnload = EqUnload;

    EQ_DBG("loaded\n");
    return STATUS_SUCCESS;

fail:
    if (g_Eq.LinkCreated) {
        IoDeleteSymbolicLink(&g_LinkName);
        g_Eq.LinkCreated = FALSE;
    }
    IoDeleteDevice(g_Eq.Device);
    g_Eq.Device = NULL;
    return status;
}

VOID
EqUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    /* no new opens */
    if (g_Eq.LinkCreated)
        IoDeleteSymbolicLink(&g_LinkName);

    /* waits for the thread, frees leftover jobs */
    EqStopWorker();

    /* the worker was the only one signalling; drop the client's event */
    EqClearUserEvent();

    IoDeleteDevice(g_Eq.Device);
    EQ_DBG("unloaded\n");
}

NTSTATUS
EqCreateClose(
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
EqDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG inLen = sp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;
    ULONG id;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_EVTQ_SET_EVENT:
        if (inLen < sizeof(HANDLE)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        status = EqSetUserEvent(*(PHANDLE)buffer, Irp->RequestorMode);
        break;

    case IOCTL_EVTQ_SUBMIT:
        if (outLen < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        status = EqSubmit(buffer, inLen, &id);
        if (NT_SUCCESS(status)) {
            *(PULONG)buffer = id;
            info = sizeof(ULONG);
        }
        break;

    case IOCTL_EVTQ_RESULT:
        if (outLen < sizeof(EVTQ_RESULT)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        *(PEVTQ_RESULT)buffer = g_Eq.LastResult;
        info = sizeof(EVTQ_RESULT);
        status = STATUS_SUCCESS;
        break;

    default:
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
