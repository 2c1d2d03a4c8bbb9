#include "procwatch.h"

PW_GLOBALS g_Pw;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PwUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH PwCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH PwDeviceControl;

static NTSTATUS
PwCompleteIrp(PIRP Irp, NTSTATUS Status, ULONG_PTR Info)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
PwCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return PwCompleteIrp(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS
PwDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_PW_GET_EVENTS:
        if (stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(PW_EVENT_DATA)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        info = PwCopyEvents((PUCHAR)Irp->AssociatedIrp.SystemBuffer,
                            stack->Parameters.DeviceIoControl.OutputBufferLength);
        status = STATUS_SUCCESS;
        break;

    case IOCTL_PW_CLEAR:
        PwFreeAllEvents();
        status = STATUS_SUCCESS;
        break;

    default:
        break;
    }

    return PwCompleteIrp(Irp, status, info);
}

VOID
PwUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING symLink = RTL_CONSTANT_STRING(PW_SYMLINK_NAME);

    PW_LOG("unloading, %lu events still queued", g_Pw.EventCount);

    PwFreeAllEvents();
    ExDeleteNPagedLookasideList(&g_Pw.EventPool);

    PwUnregisterCallbacks();

    IoDeleteSymbolicLink(&symLink);
    IoDeleteDevice(DriverObject->DeviceObject);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNICODE_STRING devName = RTL_CONSTANT_STRING(PW_DEVICE_NAME);
    UNICODE_STRING symLink = RTL_CONSTANT_STRING(PW_SYMLINK_NAME);
    BOOLEAN symLinkCreated = FALSE;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Pw, sizeof(g_Pw));
    InitializeListHead(&g_Pw.EventList);
    ExInitializeFastMutex(&g_Pw.ListLock);
    ExInitializeNPagedLookasideList(&g_Pw.EventPool, NULL, NULL, POOL_NX_ALLOCATION,
                                    sizeof(PW_EVENT), PW_TAG, 0);

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Pw.DeviceObject);
    if (!NT_SUCCESS(status)) {
        PW_ERR("IoCreateDevice failed 0x%08X", status);
        goto cleanup;
    }
    g_Pw.DeviceObject->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&symLink, &devName);
    if (!NT_SUCCESS(status)) {
        PW_ERR("IoCreateSymbolicLink failed 0x%08X", status);
        goto cleanup;
    }
    symLinkCreated = TRUE;

    status = PwRegisterCallbacks();
    if (!NT_SUCCESS(status)) {
        goto cleanup;
    }

    DriverObject->DriverUnload = PwUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = PwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PwDeviceControl;

    PW_LOG("loaded");
    return STATUS_SUCCESS;

cleanup:
    if (symLinkCreated) {
        IoDeleteSymbolicLink(&symLink);
    }
    if (g_Pw.DeviceObject != NULL) {
        IoDeleteDevice(g_Pw.DeviceObject);
        g_Pw.DeviceObject = NULL;
    }
    ExDeleteNPagedLookasideList(&g_Pw.EventPool);
    return status;
}
