#include "proclist.h"

PL_GLOBALS g_Pl;

static UNICODE_STRING g_DeviceName = RTL_CONSTANT_STRING(L"\\Device\\ProcList");
static UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(L"\\??\\ProcList");

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PlUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH PlCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH PlDeviceControl;

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    ExInitializeFastMutex(&g_Pl.Lock);

    g_Pl.Snapshot = PlAllocateSnapshot(PL_INITIAL_CAPACITY);
    CHECK_ALLOC(g_Pl.Snapshot);

    status = IoCreateDevice(DriverObject, 0, &g_DeviceName, PL_DEVICE_TYPE,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Pl.Device);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(g_Pl.Snapshot, PL_TAG);
        PL_LOG("IoCreateDevice failed: 0x%08X, dropped %lu entries", status, g_Pl.Snapshot->Capacity);
        g_Pl.Snapshot = NULL;
        return status;
    }

    RETURN_IF_FAIL(IoCreateSymbolicLink(&g_LinkName, &g_DeviceName));

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PlDeviceControl;
    DriverObject->DriverUnload = PlUnload;

    /* a first snapshot is nice to have; the client can ask for a refresh anyway */
    status = PlRefreshSnapshot();
    if (!NT_SUCCESS(status)) {
        PL_LOG("initial snapshot failed: 0x%08X", status);
    }

    return STATUS_SUCCESS;
}

VOID
PlUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(g_Pl.Device);

    if (g_Pl.Snapshot != NULL) {
        ExFreePoolWithTag(g_Pl.Snapshot, PL_TAG);
        g_Pl.Snapshot = NULL;
    }
}

NTSTATUS
PlCreateClose(
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
PlDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;
    ULONG written = 0;
    PVOID out;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_PL_REFRESH:
        status = PlRefreshSnapshot();
        break;

    case IOCTL_PL_GET:
        if (Irp->MdlAddress == NULL) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        out = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
        if (out == NULL) {
            status = STATUS_INSUFFICIENT_RESOURCES;
            break;
        }
        status = PlCopySnapshot(out, stack->Parameters.DeviceIoControl.OutputBufferLength, &written);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = written;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
