/*
 * kvstore.c - entry point, unload, dispatch
 */
#include "kvstore.h"

static KV_STATE g_Kv;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD KvUnload;
DRIVER_DISPATCH KvCreateClose;
DRIVER_DISPATCH KvDeviceControl;

NTSTATUS
KvCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
KvDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG inLen = sp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID buf = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_KV_PUT:
        if (inLen < sizeof(KV_PAIR)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        status = KvPut(&g_Kv, (const KV_PAIR *)buf);
        break;

    case IOCTL_KV_GET: {
        ULONG key;
        if (inLen < sizeof(ULONG) || outLen < sizeof(KV_PAIR)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        key = *(PULONG)buf;
        if (KvGet(&g_Kv, key, (PKV_PAIR)buf)) {
            info = sizeof(KV_PAIR);
            status = STATUS_SUCCESS;
        } else {
            status = STATUS_NOT_FOUND;
        }
        break;
    }

    case IOCTL_KV_COUNT:
        if (outLen < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        *(PULONG)buf = KvCount(&g_Kv);
        info = sizeof(ULONG);
        status = STATUS_SUCCESS;
        break;

    case IOCTL_KV_CLEAR:
        KvClear(&g_Kv);
        status = STATUS_SUCCESS;
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID
KvUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    KvTeardown(&g_Kv);
    LOG("unloaded");
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    RtlZeroMemory(&g_Kv, sizeof(g_Kv));

    if (!KvInitStorage(&g_Kv)) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto fail;
    }

    if (!KvCreateDevice(&g_Kv, DriverObject, &status)) {
        goto fail;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = KvCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = KvCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = KvDeviceControl;
    DriverObject->DriverUnload = KvUnload;

    g_Kv.Device->Flags &= ~DO_DEVICE_INITIALIZING;
    LOG("ready");
    return STATUS_SUCCESS;

fail:
    KvTeardown(&g_Kv);
    return status;
}
