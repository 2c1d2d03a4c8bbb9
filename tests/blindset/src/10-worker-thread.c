// KWorker - system thread that wakes up every 2 seconds and does "work"
// device \Device\KWorker is there so the service can query the counter
// (thread code lives in 10-worker-thread-worker.c)

#include <ntddk.h>
#include "10-worker-thread.h"

static PDEVICE_OBJECT g_DevObj;
static UNICODE_STRING g_DevName = RTL_CONSTANT_STRING(L"\\Device\\KWorker");
static UNICODE_STRING g_SymName = RTL_CONSTANT_STRING(L"\\DosDevices\\KWorker");

static NTSTATUS DefaultDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static VOID KWorkerUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    StopWorker();
    IoDeleteSymbolicLink(&g_SymName);
    IoDeleteDevice(g_DevObj);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        DriverObject->MajorFunction[i] = DefaultDispatch;
    DriverObject->DriverUnload = KWorkerUnload;

    status = StartWorker();
    if (!NT_SUCCESS(status))
        return status;

    status = IoCreateDevice(DriverObject, 0, &g_DevName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_DevObj);
    if (!NT_SUCCESS(status))
        return status;

    status = IoCreateSymbolicLink(&g_SymName, &g_DevName);
    if (!NT_SUCCESS(status)) {
        StopWorker();
        IoDeleteDevice(g_DevObj);
        return status;
    }

    return STATUS_SUCCESS;
}
