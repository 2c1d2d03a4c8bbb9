/*
 * main.c - PoolList driver: logs process starts into a pool list that the
 * client reads through \\.\PoolList
 */
#include "store.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PlUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH PlCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH PlIoctl;

static PPL_CONTEXT g_Ctx;
static UNICODE_STRING g_DevName = RTL_CONSTANT_STRING(L"\\Device\\PoolList");
static UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(L"\\DosDevices\\PoolList");

static VOID PlProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    PPL_CONTEXT ctx = g_Ctx;

    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo == NULL || ctx == NULL) {
        return;
    }

    PlReference(ctx);
    PlAdd(ctx, ProcessId, CreateInfo->ParentProcessId, CreateInfo->ImageFileName);
    PlRelease(ctx);
}

/*
 * Undo whatever the context says was set up, newest first, then drop the
 * global reference. Used by DriverEntry when it fails and by the unload
 * routine. Whoever still holds a reference keeps the memory alive.
 */
static VOID DestroyState(PPL_CONTEXT Ctx)
{
    if (Ctx->NotifyRegistered) {
        /* waits for callbacks already running */
        PsSetCreateProcessNotifyRoutineEx(PlProcessNotify, TRUE);
        Ctx->NotifyRegistered = FALSE;
    }

    if (Ctx->LinkCreated) {
        IoDeleteSymbolicLink(&g_LinkName);
        Ctx->LinkCreated = FALSE;
    }

    if (Ctx->Device != NULL) {
        PDEVICE_OBJECT device = Ctx->Device;
        PPL_DEVICE_EXTENSION ext = (PPL_DEVICE_EXTENSION)device->DeviceExtension;

        Ctx->Device = NULL;
        if (ext->Ctx != NULL) {
            ext->Ctx = NULL;
            PlRelease(Ctx);             /* the device's reference */
        }
        IoDeleteDevice(device);
    }

    g_Ctx = NULL;
    PlRelease(Ctx);                     /* the global one; usually the last */
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    PPL_CONTEXT ctx;
    PDEVICE_OBJECT device = NULL;

    UNREFERENCED_PARAMETER(RegistryPath);

    ctx = PlCreate();
    if (ctx == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    g_Ctx = ctx;

    status = IoCreateDevice(DriverObject, sizeof(PL_DEVICE_EXTENSION), &g_DevName, PL_DEVICE_TYPE,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (NT_SUCCESS(status)) {
        PlReference(ctx);
        ((PPL_DEVICE_EXTENSION)device->DeviceExtension)->Ctx = ctx;
        ctx->Device = device;
        status = IoCreateSymbolicLink(&g_LinkName, &g_DevName);
    }

    if (NT_SUCCESS(status)) {
        ctx->LinkCreated = TRUE;
        status = PsSetCreateProcessNotifyRoutineEx(PlProcessNotify, FALSE);
    }

    if (NT_SUCCESS(status)) {
        ctx->NotifyRegistered = TRUE;
    } else {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "poollist: init failed 0x%08X\n", status);
        DestroyState(ctx);
        return status;
    }

    DriverObject->DriverUnload = PlUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = PlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PlIoctl;

    device->Flags |= DO_BUFFERED_IO;
    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID PlUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    DestroyState(g_Ctx);
}

NTSTATUS PlCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS PlIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PPL_CONTEXT ctx = ((PPL_DEVICE_EXTENSION)DeviceObject->DeviceExtension)->Ctx;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    if (ctx == NULL) {
        status = STATUS_DEVICE_NOT_READY;
        goto done;
    }

    PlReference(ctx);
    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_PL_READ:
        info = PlCopyOut(ctx, Irp->AssociatedIrp.SystemBuffer, sp->Parameters.DeviceIoControl.OutputBufferLength);
        status = STATUS_SUCCESS;
        break;

    case IOCTL_PL_CLEAR:
        PlClear(ctx);
        status = STATUS_SUCCESS;
        break;

    case IOCTL_PL_COUNT:
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        *(PULONG)Irp->AssociatedIrp.SystemBuffer = PlCount(ctx);
        info = sizeof(ULONG);
        status = STATUS_SUCCESS;
        break;
    }
    PlRelease(ctx);

done:
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
