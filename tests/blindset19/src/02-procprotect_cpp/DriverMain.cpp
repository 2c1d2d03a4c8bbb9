//
// DriverMain.cpp - entry points for ProcGuard
//
#include "Protector.h"

static ProcessProtector* g_Protector = nullptr;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD ProtectorUnload;
static DRIVER_DISPATCH ProtectorCreateClose;
static DRIVER_DISPATCH ProtectorDeviceControl;

static NTSTATUS CompleteIrp(PIRP Irp, NTSTATUS status, ULONG_PTR info = 0)
{
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static NTSTATUS ProtectorCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return CompleteIrp(Irp, STATUS_SUCCESS);
}

static NTSTATUS ProtectorDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    if (g_Protector == nullptr) {
        return CompleteIrp(Irp, STATUS_DEVICE_NOT_READY);
    }
    return g_Protector->DeviceControl(Irp);
}

static void ProtectorUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    if (g_Protector) {
        delete g_Protector;          // ~ProcessProtector() -> Teardown()
        g_Protector = nullptr;
    }
    KdPrint(("ProcGuard: unloaded\n"));
}

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->DriverUnload = ProtectorUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = ProtectorCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ProtectorCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ProtectorDeviceControl;

    g_Protector = new (POOL_FLAG_NON_PAGED, PROTECTOR_TAG) ProcessProtector();
    if (g_Protector == nullptr) {
        KdPrint(("ProcGuard: out of memory\n"));
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    NTSTATUS status = g_Protector->Initialize(DriverObject);
    if (!NT_SUCCESS(status)) {
        // Initialize() already rolled back whatever it managed to set up
        delete g_Protector;
        g_Protector = nullptr;
        return status;
    }

    KdPrint(("ProcGuard: loaded\n"));
    return STATUS_SUCCESS;
}
