/*++

Module Name:    driver.c

Abstract:       DriverEntry, unload, AddDevice and PnP/power plumbing of the
                VGamepad HID minidriver. Entry points are set before
                HidRegisterMinidriver, which saves them and installs the
                hidclass dispatch table. hidclass owns the FDO.
--*/

#include "vgamepad.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, VgpUnload)
#pragma alloc_text(PAGE, VgpAddDevice)
#pragma alloc_text(PAGE, VgpDispatchPnp)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status = STATUS_UNSUCCESSFUL;
    HID_MINIDRIVER_REGISTRATION hidRegistration;
    BOOLEAN registered = FALSE;

    VgpInfo("VGamepad %s", __DATE__);

    __try {
        status = VgpGlobalsInitialize(RegistryPath);
        if (!NT_SUCCESS(status)) {
            VgpError("VgpGlobalsInitialize 0x%08X", status);
            __leave;
        }

        DriverObject->MajorFunction[IRP_MJ_CREATE] = VgpDispatchCreateClose;
        DriverObject->MajorFunction[IRP_MJ_CLOSE] = VgpDispatchCreateClose;
        DriverObject->MajorFunction[IRP_MJ_INTERNAL_DEVICE_CONTROL] = VgpDispatchInternalIoctl;
        DriverObject->MajorFunction[IRP_MJ_PNP] = VgpDispatchPnp;
        DriverObject->MajorFunction[IRP_MJ_POWER] = VgpDispatchPower;
        DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = VgpDispatchSystemControl;
        DriverObject->DriverExtension->AddDevice = VgpAddDevice;
        DriverObject->DriverUnload = VgpUnload;

        RtlZeroMemory(&hidRegistration, sizeof(hidRegistration));
        hidRegistration.Revision = HID_REVISION;
        hidRegistration.DriverObject = DriverObject;
        hidRegistration.RegistryPath = RegistryPath;
        hidRegistration.DeviceExtensionSize = sizeof(VGP_DEVICE_EXTENSION);
        hidRegistration.DevicesArePolled = FALSE;

        status = HidRegisterMinidriver(&hidRegistration);
        if (!NT_SUCCESS(status)) {
            VgpError("HidRegisterMinidriver 0x%08X", status);
            __leave;
        }

        registered = TRUE;
    }
    __finally {
        if (!registered) {
            // Unload is not called when DriverEntry fails: release here.
            VgpGlobalsCleanup();
        }
    }

    return status;
}

VOID
VgpUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    NT_ASSERT(g_Vgp.DeviceCount == 0);
    VgpInfo("unload");
    VgpGlobalsCleanup();
}

NTSTATUS
VgpAddDevice(_In_ PDRIVER_OBJECT DriverObject, _In_ PDEVICE_OBJECT FunctionalDeviceObject)
{
    PVGP_DEVICE_EXTENSION ext;

    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    // hidclass created and attached the FDO; initialize our part only.
    ext = VGP_MINI_EXT(FunctionalDeviceObject);
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = FunctionalDeviceObject;

    KeInitializeTimerEx(&ext->ReportTimer, NotificationTimer);
    VgpInitializeReadQueue(ext);

    InterlockedIncrement(&g_Vgp.DeviceCount);

    FunctionalDeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

NTSTATUS
VgpDispatchCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
VgpDispatchSystemControl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    IoSkipCurrentIrpStackLocation(Irp);         // no WMI of our own
    return IoCallDriver(VGP_NEXT_DO(DeviceObject), Irp);
}

NTSTATUS
VgpDispatchPower(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(VGP_NEXT_DO(DeviceObject), Irp);
}

NTSTATUS
VgpDispatchPnp(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PVGP_DEVICE_EXTENSION ext = VGP_MINI_EXT(DeviceObject);
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PDEVICE_OBJECT lower = VGP_NEXT_DO(DeviceObject);
    NTSTATUS status;

    PAGED_CODE();

    switch (sp->MinorFunction) {
    case IRP_MN_START_DEVICE:
        status = IoForwardIrpSynchronously(lower, Irp) ? Irp->IoStatus.Status : STATUS_UNSUCCESSFUL;
        if (NT_SUCCESS(status)) {
            ext->Started = TRUE;
            VgpStartReports(ext);
        }
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;

    case IRP_MN_REMOVE_DEVICE:
        ext->Removed = TRUE;
        InterlockedDecrement(&g_Vgp.DeviceCount);
        // hidclass detaches and deletes the FDO after we pass this down.
        __fallthrough;
    case IRP_MN_STOP_DEVICE:
    case IRP_MN_SURPRISE_REMOVAL:
        if (ext->Started) {
            ext->Started = FALSE;
            VgpStopReports(ext);
        }
        VgpFlushReads(ext, ext->Removed ? STATUS_DELETE_PENDING : STATUS_DEVICE_NOT_CONNECTED);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_QUERY_STOP_DEVICE:
    case IRP_MN_CANCEL_STOP_DEVICE:
    case IRP_MN_QUERY_REMOVE_DEVICE:
    case IRP_MN_CANCEL_REMOVE_DEVICE:
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    default:
        break;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(lower, Irp);
}
