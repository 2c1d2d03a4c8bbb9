/*++
Module Name:
    pnp.c

Abstract:
    AddDevice, PnP and power dispatch for the PX-200 driver.
--*/
#define PD_DEFINE_GUIDS
#include "pcidma.h"

static IO_COMPLETION_ROUTINE PdSyncCompletion;

static
NTSTATUS
PdForwardAndWait(
    _In_ PPD_DEVICE_EXTENSION Ext,
    _In_ PIRP Irp
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, PdAddDevice)
#pragma alloc_text(PAGE, PdDispatchPnp)
#pragma alloc_text(PAGE, PdForwardAndWait)
#endif

_Use_decl_annotations_
NTSTATUS
PdAddDevice(
    PDRIVER_OBJECT DriverObject,
    PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    NTSTATUS             status;
    PDEVICE_OBJECT       fdo = NULL;
    PPD_DEVICE_EXTENSION ext = NULL;

    PAGED_CODE();

    status = IoCreateDevice(DriverObject,
                            sizeof(PD_DEVICE_EXTENSION),
                            NULL,
                            FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &fdo);
    IF_FAILED_GOTO(status, Exit);

    ext = (PPD_DEVICE_EXTENSION)fdo->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = fdo;
    ext->Pdo = PhysicalDeviceObject;
    IoInitializeRemoveLock(&ext->RemoveLock, PD_POOL_TAG, 0, 0);
    IoInitializeDpcRequest(fdo, PdCompletionDpc);

    status = IoRegisterDeviceInterface(PhysicalDeviceObject,
                                       &GUID_DEVINTERFACE_PX200,
                                       NULL,
                                       &ext->InterfaceName);
    IF_FAILED_GOTO(status, Exit);

    ext->LowerDevice = IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);
    if (ext->LowerDevice == NULL) {
        status = STATUS_NO_SUCH_DEVICE;
        goto Exit;
    }

    fdo->Flags |= DO_DIRECT_IO | DO_POWER_PAGABLE;

    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&g_Pd.AdapterListLock, TRUE);
    InsertTailList(&g_Pd.AdapterList, &ext->Link);
    g_Pd.AdapterCount++;
    ExReleaseResourceLite(&g_Pd.AdapterListLock);
    KeLeaveCriticalRegion();

    fdo->Flags &= ~DO_DEVICE_INITIALIZING;
    status = STATUS_SUCCESS;

Exit:
    if (!NT_SUCCESS(status) && fdo != NULL) {
        if (ext->InterfaceName.Buffer != NULL) {
            RtlFreeUnicodeString(&ext->InterfaceName);
        }
        IoDeleteDevice(fdo);
    }
    return status;
}

static
_Use_decl_annotations_
NTSTATUS
PdSyncCompletion(
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

static
_Use_decl_annotations_
NTSTATUS
PdForwardAndWait(
    PPD_DEVICE_EXTENSION Ext,
    PIRP                 Irp
    )
{
    KEVENT   event;
    NTSTATUS status;

    PAGED_CODE();

    KeInitializeEvent(&event, NotificationEvent, FALSE);
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, PdSyncCompletion, &event, TRUE, TRUE, TRUE);

    status = IoCallDriver(Ext->LowerDevice, Irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
        status = Irp->IoStatus.Status;
    }
    return status;
}

_Use_decl_annotations_
NTSTATUS
PdDispatchPnp(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp
    )
{
    PPD_DEVICE_EXTENSION ext = (PPD_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION   stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS             status;

    PAGED_CODE();

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    switch (stack->MinorFunction) {
    case IRP_MN_START_DEVICE:
        status = PdForwardAndWait(ext, Irp);
        if (NT_SUCCESS(status)) {
            status = PdStartHardware(
                ext,
                stack->Parameters.StartDevice.AllocatedResources,
                stack->Parameters.StartDevice.AllocatedResourcesTranslated);
        }
        if (NT_SUCCESS(status)) {
            (VOID)IoSetDeviceInterfaceState(&ext->InterfaceName, TRUE);
        }
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        IoReleaseRemoveLock(&ext->RemoveLock, Irp);
        return status;

    case IRP_MN_QUERY_STOP_DEVICE:
    case IRP_MN_QUERY_REMOVE_DEVICE:
        if (ext->Current != NULL) {
            status = STATUS_DEVICE_BUSY;
            Irp->IoStatus.Status = status;
            IoCompleteRequest(Irp, IO_NO_INCREMENT);
            IoReleaseRemoveLock(&ext->RemoveLock, Irp);
            return status;
        }
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_CANCEL_STOP_DEVICE:
    case IRP_MN_CANCEL_REMOVE_DEVICE:
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_STOP_DEVICE:
        PdStopHardware(ext);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_SURPRISE_REMOVAL:
        (VOID)IoSetDeviceInterfaceState(&ext->InterfaceName, FALSE);
        PdStopHardware(ext);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_REMOVE_DEVICE:
        (VOID)IoSetDeviceInterfaceState(&ext->InterfaceName, FALSE);
        PdStopHardware(ext);

        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->LowerDevice, Irp);

        IoReleaseRemoveLockAndWait(&ext->RemoveLock, Irp);

        KeEnterCriticalRegion();
        ExAcquireResourceExclusiveLite(&g_Pd.AdapterListLock, TRUE);
        RemoveEntryList(&ext->Link);
        g_Pd.AdapterCount--;
        ExReleaseResourceLite(&g_Pd.AdapterListLock);
        KeLeaveCriticalRegion();

        RtlFreeUnicodeString(&ext->InterfaceName);
        IoDetachDevice(ext->LowerDevice);
        IoDeleteDevice(DeviceObject);
        return status;

    default:
        break;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->LowerDevice, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

_Use_decl_annotations_
NTSTATUS
PdDispatchPower(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp
    )
{
    PPD_DEVICE_EXTENSION ext = (PPD_DEVICE_EXTENSION)DeviceObject->DeviceExtension;

    //
    // The board is always in D0 while the system is in S0; power policy
    // is left to the bus driver.
    //
    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->LowerDevice, Irp);
}
