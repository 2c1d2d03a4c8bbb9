/*++

Module Name:

    bus.c

Abstract:

    DriverEntry, AddDevice and FDO dispatch for the SensorHub GPIO
    expander bus driver.

--*/
#include "bus.h"

SHBUS_GLOBALS ShBusGlobals;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, ShBusAddDevice)
#pragma alloc_text(PAGE, ShBusUnload)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
/*++

Routine Description:

    Saves a copy of the service key path, sets up the lookaside list
    used for child descriptors and fills in the dispatch table.

--*/
{
    NTSTATUS status = STATUS_SUCCESS;

    RtlZeroMemory(&ShBusGlobals, sizeof(ShBusGlobals));

    do {
        ShBusGlobals.RegistryPath.MaximumLength = RegistryPath->Length + sizeof(UNICODE_NULL);
        ShBusGlobals.RegistryPath.Length = 0;
        ShBusGlobals.RegistryPath.Buffer = ExAllocatePool2(POOL_FLAG_PAGED,
                                                           ShBusGlobals.RegistryPath.MaximumLength,
                                                           SHBUS_POOL_TAG);
        if (ShBusGlobals.RegistryPath.Buffer == NULL) {
            status = STATUS_INSUFFICIENT_RESOURCES;
            break;
        }
        RtlCopyUnicodeString(&ShBusGlobals.RegistryPath, RegistryPath);

        ExInitializeNPagedLookasideList(&ShBusGlobals.ChildDescLookaside,
                                        NULL,
                                        NULL,
                                        POOL_NX_ALLOCATION,
                                        sizeof(SHBUS_CHILD_DESC),
                                        SHBUS_POOL_TAG,
                                        0);
        ShBusGlobals.LookasideReady = TRUE;

        DriverObject->MajorFunction[IRP_MJ_CREATE] = ShBusCreateClose;
        DriverObject->MajorFunction[IRP_MJ_CLOSE]  = ShBusCreateClose;
        DriverObject->MajorFunction[IRP_MJ_PNP]    = ShBusDispatchPnp;
        DriverObject->MajorFunction[IRP_MJ_POWER]  = ShBusDispatchPower;
        DriverObject->DriverExtension->AddDevice   = ShBusAddDevice;
        DriverObject->DriverUnload                 = ShBusUnload;

    } while (FALSE);

    if (!NT_SUCCESS(status)) {
        if (ShBusGlobals.LookasideReady) {
            ExDeleteNPagedLookasideList(&ShBusGlobals.ChildDescLookaside);
            ShBusGlobals.LookasideReady = FALSE;
        }
        if (ShBusGlobals.RegistryPath.Buffer != NULL) {
            ExFreePoolWithTag(ShBusGlobals.RegistryPath.Buffer, SHBUS_POOL_TAG);
            ShBusGlobals.RegistryPath.Buffer = NULL;
        }
    }

    return status;
}

VOID
ShBusUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(DriverObject);

    //
    // PnP has removed every FDO and PDO before Unload runs.
    //
    ASSERT(DriverObject->DeviceObject == NULL);

    if (ShBusGlobals.LookasideReady) {
        ExDeleteNPagedLookasideList(&ShBusGlobals.ChildDescLookaside);
        ShBusGlobals.LookasideReady = FALSE;
    }
    if (ShBusGlobals.RegistryPath.Buffer != NULL) {
        ExFreePoolWithTag(ShBusGlobals.RegistryPath.Buffer, SHBUS_POOL_TAG);
        ShBusGlobals.RegistryPath.Buffer = NULL;
    }
}

NTSTATUS
ShBusAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    PDEVICE_OBJECT fdo;
    PSHBUS_FDO_EXTENSION fdoExt;
    NTSTATUS status;

    PAGED_CODE();

    status = IoCreateDevice(DriverObject, sizeof(SHBUS_FDO_EXTENSION), NULL,
                            FILE_DEVICE_BUS_EXTENDER, FILE_DEVICE_SECURE_OPEN,
                            FALSE, &fdo);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    fdoExt = fdo->DeviceExtension;
    RtlZeroMemory(fdoExt, sizeof(*fdoExt));
    fdoExt->Common.Kind = ShBusFdo;
    fdoExt->Common.Self = fdo;
    fdoExt->Common.DevicePowerState = PowerDeviceD0;
    fdoExt->UnderlyingPdo = PhysicalDeviceObject;
    ExInitializeFastMutex(&fdoExt->ChildLock);
    InitializeListHead(&fdoExt->ChildList);

    fdoExt->NextLower = IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);
    if (fdoExt->NextLower == NULL) {
        IoDeleteDevice(fdo);
        return STATUS_NO_SUCH_DEVICE;
    }

    fdo->Flags |= DO_POWER_PAGABLE;
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

NTSTATUS
ShBusCreateClose(
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
ShBusDispatchPower(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PSHBUS_COMMON_EXTENSION common = DeviceObject->DeviceExtension;
    NTSTATUS status;

    PoStartNextPowerIrp(Irp);
    if (common->Kind == ShBusFdo) {
        IoSkipCurrentIrpStackLocation(Irp);
        return PoCallDriver(((PSHBUS_FDO_EXTENSION)common)->NextLower, Irp);
    }

    status = Irp->IoStatus.Status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static NTSTATUS
ShBusReportChildren(
    _In_ PSHBUS_FDO_EXTENSION FdoExt,
    _Inout_ PIRP Irp
    )
{
    PDEVICE_RELATIONS oldRel = (PDEVICE_RELATIONS)Irp->IoStatus.Information;
    PDEVICE_RELATIONS newRel;
    ULONG oldCount = (oldRel != NULL) ? oldRel->Count : 0;
    ULONG count, i;
    PLIST_ENTRY le;

    ExAcquireFastMutex(&FdoExt->ChildLock);

    count = oldCount + FdoExt->ChildCount;
    newRel = ExAllocatePool2(POOL_FLAG_PAGED,
                             FIELD_OFFSET(DEVICE_RELATIONS, Objects) +
                             count * sizeof(PDEVICE_OBJECT),
                             SHBUS_POOL_TAG);
    if (newRel == NULL) {
        ExReleaseFastMutex(&FdoExt->ChildLock);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    for (i = 0; i < oldCount; i++) {
        newRel->Objects[i] = oldRel->Objects[i];
    }
    for (le = FdoExt->ChildList.Flink; le != &FdoExt->ChildList; le = le->Flink) {
        PSHBUS_CHILD_DESC desc = CONTAINING_RECORD(le, SHBUS_CHILD_DESC, Link);
        ObReferenceObject(desc->Pdo);
        newRel->Objects[i++] = desc->Pdo;
    }
    newRel->Count = i;

    ExReleaseFastMutex(&FdoExt->ChildLock);

    if (oldRel != NULL) {
        ExFreePool(oldRel);
    }
    Irp->IoStatus.Information = (ULONG_PTR)newRel;
    return STATUS_SUCCESS;
}

NTSTATUS
ShBusDispatchPnp(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PSHBUS_COMMON_EXTENSION common = DeviceObject->DeviceExtension;
    PSHBUS_FDO_EXTENSION fdoExt;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    if (common->Kind == ShBusPdo) {
        return ShBusPdoPnp(DeviceObject, Irp);
    }

    fdoExt = (PSHBUS_FDO_EXTENSION)common;

    switch (irpSp->MinorFunction) {
    case IRP_MN_START_DEVICE:
        // Two banks are always present on this board revision.
        (VOID)ShBusCreateChildPdo(fdoExt, 0, 16);
        (VOID)ShBusCreateChildPdo(fdoExt, 1, 16);
        IoInvalidateDeviceRelations(fdoExt->UnderlyingPdo, BusRelations);
        break;

    case IRP_MN_QUERY_DEVICE_RELATIONS:
        if (irpSp->Parameters.QueryDeviceRelations.Type == BusRelations) {
            status = ShBusReportChildren(fdoExt, Irp);
            if (!NT_SUCCESS(status)) {
                Irp->IoStatus.Status = status;
                IoCompleteRequest(Irp, IO_NO_INCREMENT);
                return status;
            }
            Irp->IoStatus.Status = STATUS_SUCCESS;
        }
        break;

    case IRP_MN_REMOVE_DEVICE:
        ExAcquireFastMutex(&fdoExt->ChildLock);
        while (!IsListEmpty(&fdoExt->ChildList)) {
            PSHBUS_CHILD_DESC desc = CONTAINING_RECORD(RemoveHeadList(&fdoExt->ChildList),
                                                       SHBUS_CHILD_DESC, Link);
            ShBusDestroyChildPdo(desc->Pdo->DeviceExtension);
        }
        ExReleaseFastMutex(&fdoExt->ChildLock);

        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(fdoExt->NextLower, Irp);
        IoDetachDevice(fdoExt->NextLower);
        IoDeleteDevice(DeviceObject);
        return status;

    default:
        break;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(fdoExt->NextLower, Irp);
}
