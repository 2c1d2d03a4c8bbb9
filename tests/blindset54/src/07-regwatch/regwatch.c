/*
 * regwatch.c - DriverEntry / Unload / dispatch
 */
#include "regwatch.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     RwUnload;
DRIVER_DISPATCH   RwCreateClose;
DRIVER_DISPATCH   RwRead;

RW_GLOBALS g_Rw;

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING devName  = RTL_CONSTANT_STRING(RW_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(RW_LINK_NAME);
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(RW_ALTITUDE);
    NTSTATUS status;

    RtlZeroMemory(&g_Rw, sizeof(g_Rw));

    status = RwReadPrefix(RegistryPath, &g_Rw.Prefix);
    if (!NT_SUCCESS(status)) {
        RW_ERROR("RwReadPrefix 0x%08X", status);
        return status;
    }
    RW_INFO("watching %wZ", &g_Rw.Prefix);

    status = CmRegisterCallbackEx(RwRegistryCallback,
                                  &altitude,
                                  DriverObject,
                                  &g_Rw,
                                  &g_Rw.Cookie,
                                  NULL);
    RW_FAIL_IF(!NT_SUCCESS(status), status, fail_prefix);

    RwQueueInit();

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Rw.Device);
    RW_FAIL_IF(!NT_SUCCESS(status), status, fail_queue);

    status = IoCreateSymbolicLink(&linkName, &devName);
    RW_FAIL_IF(!NT_SUCCESS(status), status, fail_device);

    g_Rw.Device->Flags |= DO_BUFFERED_IO;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]  = RwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ]   = RwRead;
    DriverObject->DriverUnload = RwUnload;

    g_Rw.Device->Flags &= ~DO_DEVICE_INITIALIZING;
    RW_INFO("loaded, cookie %I64x", g_Rw.Cookie.QuadPart);
    return STATUS_SUCCESS;

fail_device:
    IoDeleteDevice(g_Rw.Device);
    g_Rw.Device = NULL;
fail_queue:
    RwQueueDestroy();
fail_prefix:
    ExFreePoolWithTag(g_Rw.Prefix.Buffer, RW_TAG);
    RtlZeroMemory(&g_Rw.Prefix, sizeof(g_Rw.Prefix));
    return status;
}

VOID
RwUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(RW_LINK_NAME);
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DriverObject);

    status = CmUnRegisterCallback(g_Rw.Cookie);
    if (!NT_SUCCESS(status)) {
        RW_ERROR("CmUnRegisterCallback 0x%08X", status);
    }

    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(g_Rw.Device);
    g_Rw.Device = NULL;

    RW_INFO("unload: %lu queued, %lu dropped", g_Rw.Queued, g_Rw.Dropped);
    RwQueueDestroy();

    if (g_Rw.Prefix.Buffer != NULL) {
        ExFreePoolWithTag(g_Rw.Prefix.Buffer, RW_TAG);
        g_Rw.Prefix.Buffer = NULL;
    }
}

NTSTATUS
RwCreateClose(
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
RwRead(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG len = sp->Parameters.Read.Length;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (len < sizeof(RW_RECORD)) {
        status = STATUS_BUFFER_TOO_SMALL;
    } else {
        info = RwQueueDrain(Irp->AssociatedIrp.SystemBuffer, len);
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
