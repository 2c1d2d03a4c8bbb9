#include "records.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RlUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH RlCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH RlDeviceControl;
_Dispatch_type_(IRP_MJ_SHUTDOWN) DRIVER_DISPATCH RlShutdown;

typedef NTSTATUS (*RL_INIT_FN)(_In_ PDRIVER_OBJECT DriverObject);
typedef VOID (*RL_UNDO_FN)(VOID);

typedef struct _RL_STEP {
    PCSTR      Name;
    RL_INIT_FN Init;
    RL_UNDO_FN Undo;
} RL_STEP;

static PDEVICE_OBJECT g_Device;
static ULONG g_StepsDone;

static NTSTATUS
RlCreateDevice(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(RL_DEVICE_NAME);
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, 0, &name, RL_DEVICE_TYPE,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (NT_SUCCESS(status)) {
        g_Device->Flags |= DO_BUFFERED_IO;
    }
    return status;
}

static VOID
RlDeleteDevice(
    VOID
    )
{
    IoDeleteDevice(g_Device);
    g_Device = NULL;
}

static NTSTATUS
RlCreateLink(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(RL_DEVICE_NAME);
    UNICODE_STRING link = RTL_CONSTANT_STRING(RL_LINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);
    return IoCreateSymbolicLink(&link, &name);
}

static VOID
RlDeleteLink(
    VOID
    )
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(RL_LINK_NAME);
    IoDeleteSymbolicLink(&link);
}

static NTSTATUS
RlRegisterShutdown(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    return IoRegisterShutdownNotification(g_Device);
}

static VOID
RlUnregisterShutdown(
    VOID
    )
{
    IoUnregisterShutdownNotification(g_Device);
}

/* order matters: undo runs backwards */
static const RL_STEP g_Steps[] = {
    { "record store",    RlStoreInit,        RlStoreDestroy },
    { "device",          RlCreateDevice,     RlDeleteDevice },
    { "symbolic link",   RlCreateLink,       RlDeleteLink },
    { "shutdown notify", RlRegisterShutdown, RlUnregisterShutdown },
};

static VOID
RlUndoSteps(
    _In_ ULONG Count
    )
{
    while (Count > 0) {
        Count--;
        g_Steps[Count].Undo();
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status = STATUS_SUCCESS;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RlDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = RlShutdown;
    DriverObject->DriverUnload = RlUnload;

    for (i = 0; i < RTL_NUMBER_OF(g_Steps); i++) {
        status = g_Steps[i].Init(DriverObject);
        if (!NT_SUCCESS(status)) {
            RL_LOG("step '%s' failed: 0x%08X", g_Steps[i].Name, status);
            RlUndoSteps(i);
            DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = NULL;
            return status;
        }
        g_StepsDone = i + 1;
    }

    RL_LOG("ready, %lu steps", g_StepsDone);
    return STATUS_SUCCESS;
}

VOID
RlUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    RlUndoSteps(g_StepsDone);
    g_StepsDone = 0;
}

static NTSTATUS
RlComplete(
    _Inout_ PIRP Irp,
    _In_ NTSTATUS Status,
    _In_ ULONG_PTR Information
    )
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
RlCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return RlComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS
RlShutdown(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    RL_LOG("shutdown with %lu records", RlStoreCount());
    return RlComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS
RlDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG code = stack->Parameters.DeviceIoControl.IoControlCode;
    ULONG inLen = stack->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = stack->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    ULONG id;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (code) {
    case IOCTL_RL_ADD:
        if (inLen < sizeof(RL_RECORD_DATA)) {
            return RlComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        return RlComplete(Irp, RlStoreAdd((PRL_RECORD_DATA)buffer), 0);

    case IOCTL_RL_REMOVE:
        if (inLen < sizeof(ULONG)) {
            return RlComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        return RlComplete(Irp, RlStoreRemove(*(PULONG)buffer), 0);

    case IOCTL_RL_GET:
        if (inLen < sizeof(ULONG) || outLen < sizeof(RL_RECORD_DATA)) {
            return RlComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        id = *(PULONG)buffer;
        if (NT_SUCCESS(RlStoreGet(id, (PRL_RECORD_DATA)buffer))) {
            return RlComplete(Irp, STATUS_SUCCESS, sizeof(RL_RECORD_DATA));
        }
        return RlComplete(Irp, STATUS_NOT_FOUND, 0);

    case IOCTL_RL_COUNT:
        if (outLen < sizeof(ULONG)) {
            return RlComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        *(PULONG)buffer = RlStoreCount();
        return RlComplete(Irp, STATUS_SUCCESS, sizeof(ULONG));

    default:
        return RlComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}
