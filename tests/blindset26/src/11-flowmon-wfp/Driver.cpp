//
// Driver.cpp - DriverEntry, DriverUnload and IRP dispatch of FlowMon.
//
#include "FlowMon.h"

fm::FlowMonDriver* g_FlowMon = nullptr;

EXTERN_C DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD FlowMonUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
static DRIVER_DISPATCH FlowMonDispatch;

static NTSTATUS
FlowMonDispatch(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->MajorFunction == IRP_MJ_DEVICE_CONTROL) {
        if (sp->Parameters.DeviceIoControl.IoControlCode != IOCTL_FLOWMON_GET_STATS) {
            status = STATUS_INVALID_DEVICE_REQUEST;
        } else if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(FLOWMON_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else if (g_FlowMon == nullptr) {
            status = STATUS_DEVICE_NOT_READY;
        } else {
            g_FlowMon->SnapshotStats(static_cast<PFLOWMON_STATS>(Irp->AssociatedIrp.SystemBuffer));
            info = sizeof(FLOWMON_STATS);
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static VOID
FlowMonUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    FmInfo("unloading");

    if (g_FlowMon != nullptr) {
        // Returns only after the callouts are unregistered and the device
        // object is deleted.
        fm::FlowMonDriver* driver = g_FlowMon;
        driver->Shutdown();
        g_FlowMon = nullptr;
        delete driver;
    }
}

EXTERN_C
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    fm::FlowMonDriver* driver;

    UNREFERENCED_PARAMETER(RegistryPath);

    ExInitializeDriverRuntime(DrvRtPoolNxOptIn);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = FlowMonDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = FlowMonDispatch;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = FlowMonDispatch;
    DriverObject->DriverUnload = FlowMonUnload;

    driver = new (NonPagedPoolNx, FM_POOL_TAG) fm::FlowMonDriver();
    if (driver == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    // Publish first: classify may run as soon as Initialize commits the filters.
    g_FlowMon = driver;

    status = driver->Initialize(DriverObject);
    if (!NT_SUCCESS(status)) {
        // Initialize has already rolled back everything it created.
        g_FlowMon = nullptr;
        delete driver;
        FmError("initialization failed 0x%08X", status);
        return status;
    }

    FmInfo("FlowMon loaded");
    return STATUS_SUCCESS;
}
