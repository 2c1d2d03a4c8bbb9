/*++
Module Name:
    driver.c

Abstract:
    DriverEntry, hidclass registration, AddDevice, PnP and power.
--*/
#include "hidvpad.h"

VP_GLOBALS g_Vp;

static
VOID
VpFillRegistration(
    _Out_ PHID_MINIDRIVER_REGISTRATION Registration,
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    );

static IO_COMPLETION_ROUTINE VpSyncCompletion;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, VpFillRegistration)
#pragma alloc_text(PAGE, VpUnload)
#pragma alloc_text(PAGE, VpAddDevice)
#pragma alloc_text(PAGE, VpDispatchPnp)
#endif

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS                    status;
    HID_MINIDRIVER_REGISTRATION registration;

    RtlZeroMemory(&g_Vp, sizeof(g_Vp));

    DriverObject->MajorFunction[IRP_MJ_INTERNAL_DEVICE_CONTROL] = VpDispatchInternalIoctl;
    DriverObject->MajorFunction[IRP_MJ_PNP] = VpDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = VpDispatchPower;
    DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = VpDispatchSystemControl;
    DriverObject->DriverExtension->AddDevice = VpAddDevice;

    //
    // hidclass hooks DriverUnload and AddDevice during registration and
    // chains to ours, so both must be in place before the call.
    //
    DriverObject->DriverUnload = VpUnload;

    g_Vp.HasRumble = VpQueryRumbleSetting(RegistryPath);

    status = VpBuildReportDescriptor(&g_Vp, g_Vp.HasRumble);
    IF_FAILED_GOTO(status, Exit);

    VpFillRegistration(&registration, DriverObject, RegistryPath);

    status = HidRegisterMinidriver(&registration);
    IF_FAILED_GOTO(status, Exit);

    VP_DBG("registered, rumble=%d, descriptor %u bytes",
           g_Vp.HasRumble, g_Vp.ReportDescriptorLength);

Exit:
    if (!NT_SUCCESS(status)) {
        VpFreeReportDescriptor(&g_Vp);
    }
    return status;
}

static
_Use_decl_annotations_
VOID
VpFillRegistration(
    PHID_MINIDRIVER_REGISTRATION Registration,
    PDRIVER_OBJECT               DriverObject,
    PUNICODE_STRING              RegistryPath
    )
{
    RtlZeroMemory(Registration, sizeof(*Registration));

    Registration->Revision = HID_REVISION;
    Registration->DriverObject = DriverObject;
    Registration->RegistryPath = RegistryPath;
    Registration->DeviceExtensionSize = sizeof(VP_DEVICE_EXTENSION);

    //
    // Input is event driven (loopback of output reports), never polled.
    //
    Registration->DevicesArePolled = FALSE;
}

_Use_decl_annotations_
VOID
VpUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    NT_ASSERT(g_Vp.DeviceCount == 0);

    VpFreeReportDescriptor(&g_Vp);
    VP_DBG("unloaded");
}

_Use_decl_annotations_
NTSTATUS
VpAddDevice(
    PDRIVER_OBJECT DriverObject,
    PDEVICE_OBJECT FunctionalDeviceObject
    )
{
    PVP_DEVICE_EXTENSION ext;

    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    //
    // hidclass has already created the FDO and attached it; we only
    // initialize our part of the extension.
    //
    ext = VP_GET_EXT(FunctionalDeviceObject);
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = FunctionalDeviceObject;
    ext->LastReport.ReportId = VP_INPUT_REPORT_ID;
    ext->LastReport.X = 0x80;
    ext->LastReport.Y = 0x80;
    ext->LastReport.Rx = 0x80;
    ext->LastReport.Ry = 0x80;
    ext->LastReport.Hat = 0x0F;

    VpInitializeReadQueue(ext);

    InterlockedIncrement((volatile LONG *)&g_Vp.DeviceCount);

    FunctionalDeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

static
_Use_decl_annotations_
NTSTATUS
VpSyncCompletion(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp,
    PVOID          Context
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    if (Irp->PendingReturned) {
        KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    }
    return STATUS_MORE_PROCESSING_REQUIRED;
}

_Use_decl_annotations_
NTSTATUS
VpDispatchPnp(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp
    )
{
    PVP_DEVICE_EXTENSION ext = VP_GET_EXT(DeviceObject);
    PIO_STACK_LOCATION   stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS             status;
    KEVENT               event;

    PAGED_CODE();

    switch (stack->MinorFunction) {
    case IRP_MN_START_DEVICE:
        KeInitializeEvent(&event, NotificationEvent, FALSE);
        IoCopyCurrentIrpStackLocationToNext(Irp);
        IoSetCompletionRoutine(Irp, VpSyncCompletion, &event, TRUE, TRUE, TRUE);

        status = IoCallDriver(VP_GET_NEXT(DeviceObject), Irp);
        if (status == STATUS_PENDING) {
            KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
            status = Irp->IoStatus.Status;
        }
        if (NT_SUCCESS(status)) {
            ext->Started = TRUE;
        }
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;

    case IRP_MN_STOP_DEVICE:
        ext->Started = FALSE;
        VpCancelAllReads(ext);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_SURPRISE_REMOVAL:
        ext->Removed = TRUE;
        ext->Started = FALSE;
        VpCancelAllReads(ext);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_REMOVE_DEVICE:
        ext->Removed = TRUE;
        ext->Started = FALSE;
        VpCancelAllReads(ext);
        InterlockedDecrement((volatile LONG *)&g_Vp.DeviceCount);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        //
        // hidclass detaches and deletes the FDO after we return.
        //
        break;

    default:
        break;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(VP_GET_NEXT(DeviceObject), Irp);
}

_Use_decl_annotations_
NTSTATUS
VpDispatchPower(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp
    )
{
    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(VP_GET_NEXT(DeviceObject), Irp);
}

_Use_decl_annotations_
NTSTATUS
VpDispatchSystemControl(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp
    )
{
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(VP_GET_NEXT(DeviceObject), Irp);
}
