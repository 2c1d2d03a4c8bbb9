/*
 * driver.c - entry points and PnP/power plumbing for vhidpad.sys.
 *
 * hidclass.sys owns the FDO; everything here operates on the minidriver
 * part of its extension.
 */
#include "vhidpad.h"

VHP_GLOBALS g_Vhp;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, VhpAddDevice)
#pragma alloc_text(PAGE, VhpUnload)
#pragma alloc_text(PAGE, VhpDispatchPnp)
#pragma alloc_text(PAGE, VhpDispatchSystemControl)
#endif

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status = STATUS_UNSUCCESSFUL;
    HID_MINIDRIVER_REGISTRATION hidMinidriverRegistration;
    BOOLEAN lookasideReady = FALSE;

    KdPrint(("vhidpad: DriverEntry %wZ\n", RegistryPath));

    __try {
        status = VhpSaveRegistryPath(RegistryPath);
        if (!NT_SUCCESS(status)) {
            __leave;
        }

        ExInitializeNPagedLookasideList(&g_Vhp.MacroLookaside,
                                        NULL,
                                        NULL,
                                        POOL_NX_ALLOCATION,
                                        sizeof(VHP_MACRO_ENTRY),
                                        VHP_TAG,
                                        0);
        lookasideReady = TRUE;

        VhpReadParameters();

        DriverObject->MajorFunction[IRP_MJ_INTERNAL_DEVICE_CONTROL] = VhpDispatchInternalIoctl;
        DriverObject->MajorFunction[IRP_MJ_PNP]                     = VhpDispatchPnp;
        DriverObject->MajorFunction[IRP_MJ_POWER]                   = VhpDispatchPower;
        DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL]          = VhpDispatchSystemControl;
        DriverObject->DriverExtension->AddDevice                    = VhpAddDevice;
        DriverObject->DriverUnload                                  = VhpUnload;

        RtlZeroMemory(&hidMinidriverRegistration, sizeof(hidMinidriverRegistration));
        hidMinidriverRegistration.Revision            = HID_REVISION;
        hidMinidriverRegistration.DriverObject        = DriverObject;
        hidMinidriverRegistration.RegistryPath        = RegistryPath;
        hidMinidriverRegistration.DeviceExtensionSize = sizeof(DEVICE_EXTENSION);
        hidMinidriverRegistration.DevicesArePolled    = FALSE;

        status = HidRegisterMinidriver(&hidMinidriverRegistration);
        if (!NT_SUCCESS(status)) {
            KdPrint(("vhidpad: HidRegisterMinidriver failed 0x%x\n", status));
        }
    } __finally {
        if (!NT_SUCCESS(status)) {
            if (lookasideReady) {
                ExDeleteNPagedLookasideList(&g_Vhp.MacroLookaside);
            }
            VhpFreeRegistryPath();
        }
    }

    return status;
}

_Use_decl_annotations_
VOID
VhpUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    KdPrint(("vhidpad: unload\n"));

    ExDeleteNPagedLookasideList(&g_Vhp.MacroLookaside);
    VhpFreeRegistryPath();
}

_Use_decl_annotations_
NTSTATUS
VhpAddDevice(
    PDRIVER_OBJECT DriverObject,
    PDEVICE_OBJECT FunctionalDeviceObject
    )
{
    PDEVICE_EXTENSION ext;

    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    ext = GET_MINIDRIVER_DEVICE_EXTENSION(FunctionalDeviceObject);
    RtlZeroMemory(ext, sizeof(*ext));

    ext->Self = FunctionalDeviceObject;
    ext->State = VhpStopped;
    KeInitializeSpinLock(&ext->Lock);
    InitializeListHead(&ext->PendingReads);
    InitializeListHead(&ext->MacroQueue);
    KeInitializeTimerEx(&ext->PlaybackTimer, NotificationTimer);
    KeInitializeDpc(&ext->PlaybackDpc, VhpPlaybackDpc, ext);

    ext->Attributes.Size = sizeof(HID_DEVICE_ATTRIBUTES);
    ext->Attributes.VendorID = g_Vhp.VendorId;
    ext->Attributes.ProductID = g_Vhp.ProductId;
    ext->Attributes.VersionNumber = 0x0101;

    FunctionalDeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
VhpDispatchPnp(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PDEVICE_EXTENSION ext = GET_MINIDRIVER_DEVICE_EXTENSION(DeviceObject);
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    PAGED_CODE();

    switch (sp->MinorFunction) {
    case IRP_MN_START_DEVICE:
        status = IoForwardIrpSynchronously(GET_NEXT_DEVICE_OBJECT(DeviceObject), Irp)
                     ? Irp->IoStatus.Status
                     : STATUS_UNSUCCESSFUL;
        if (NT_SUCCESS(status)) {
            ext->State = VhpStarted;
        }
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;

    case IRP_MN_STOP_DEVICE:
    case IRP_MN_SURPRISE_REMOVAL:
        ext->State = VhpStopped;
        VhpStopPlayback(ext);
        VhpCancelPendingReads(ext, STATUS_DEVICE_NOT_READY);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_REMOVE_DEVICE:
        ext->State = VhpRemoved;
        VhpStopPlayback(ext);
        VhpCancelPendingReads(ext, STATUS_DELETE_PENDING);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_QUERY_STOP_DEVICE:
    case IRP_MN_QUERY_REMOVE_DEVICE:
    case IRP_MN_CANCEL_STOP_DEVICE:
    case IRP_MN_CANCEL_REMOVE_DEVICE:
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    default:
        break;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(GET_NEXT_DEVICE_OBJECT(DeviceObject), Irp);
}

_Use_decl_annotations_
NTSTATUS
VhpDispatchPower(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(GET_NEXT_DEVICE_OBJECT(DeviceObject), Irp);
}

_Use_decl_annotations_
NTSTATUS
VhpDispatchSystemControl(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PAGED_CODE();

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(GET_NEXT_DEVICE_OBJECT(DeviceObject), Irp);
}
