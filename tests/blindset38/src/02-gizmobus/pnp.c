//
// pnp.c - FDO/PDO plug and play. Power is passed down for the FDO and
// completed as-is for the (purely virtual) PDOs.
//
#include "gizmobus.h"

static NTSTATUS GzCompleteIrp(PIRP Irp, NTSTATUS Status)
{
    Irp->IoStatus.Status = Status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
GzDispatchPnp(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP        Irp
    )
{
    PGZ_COMMON common = (PGZ_COMMON)DeviceObject->DeviceExtension;

    if (common->Kind == GzFdo) {
        return GzFdoPnp((PGZ_FDO_EXT)common, Irp);
    }
    return GzPdoPnp((PGZ_PDO_EXT)common, Irp);
}

NTSTATUS
GzDispatchPower(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP        Irp
    )
{
    PGZ_COMMON common = (PGZ_COMMON)DeviceObject->DeviceExtension;
    NTSTATUS   status;

    if (common->Kind == GzFdo) {
        IoSkipCurrentIrpStackLocation(Irp);
        return PoCallDriver(((PGZ_FDO_EXT)common)->Lower, Irp);
    }

    switch (IoGetCurrentIrpStackLocation(Irp)->MinorFunction) {
    case IRP_MN_SET_POWER:
    case IRP_MN_QUERY_POWER:
        status = STATUS_SUCCESS;
        break;
    default:
        status = Irp->IoStatus.Status;
        break;
    }
    return GzCompleteIrp(Irp, status);
}

NTSTATUS
GzFdoPnp(
    _In_ PGZ_FDO_EXT Fdo,
    _Inout_ PIRP     Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PDEVICE_RELATIONS  rel, old;
    PLIST_ENTRY        e;
    PGZ_PDO_EXT        child;
    NTSTATUS           status;
    ULONG              n, size;

    switch (sp->MinorFunction) {
    case IRP_MN_START_DEVICE:
        if (!IoForwardIrpSynchronously(Fdo->Lower, Irp)) {
            return GzCompleteIrp(Irp, STATUS_UNSUCCESSFUL);
        }
        status = Irp->IoStatus.Status;
        if (NT_SUCCESS(status) && IsListEmpty(&Fdo->Children)) {
            // first start: populate the ports
            status = GzCreateChildren(Fdo);
        }
        if (NT_SUCCESS(status)) {
            IoSetDeviceInterfaceState(&Fdo->InterfaceName, TRUE);
            Fdo->Common.Started = TRUE;
            IoInvalidateDeviceRelations(Fdo->Pdo, BusRelations);
        }
        return GzCompleteIrp(Irp, status);

    case IRP_MN_QUERY_DEVICE_RELATIONS:
        if (sp->Parameters.QueryDeviceRelations.Type != BusRelations) {
            break;
        }
        ExAcquireFastMutex(&Fdo->ChildLock);
        old = (PDEVICE_RELATIONS)Irp->IoStatus.Information;
        n   = Fdo->ChildCount + (old ? old->Count : 0);
        size = FIELD_OFFSET(DEVICE_RELATIONS, Objects) + n * sizeof(PDEVICE_OBJECT);
        rel = (PDEVICE_RELATIONS)ExAllocatePoolWithTag(PagedPool, size, GZ_POOL_TAG);
        if (rel == NULL) {
            ExReleaseFastMutex(&Fdo->ChildLock);
            return GzCompleteIrp(Irp, STATUS_INSUFFICIENT_RESOURCES);
        }
        rel->Count = 0;
        if (old) {
            RtlCopyMemory(rel->Objects, old->Objects, old->Count * sizeof(PDEVICE_OBJECT));
            rel->Count = old->Count;
            ExFreePool(old);
        }
        for (e = Fdo->Children.Flink; e != &Fdo->Children; e = e->Flink) {
            child = CONTAINING_RECORD(e, GZ_PDO_EXT, Link);
            rel->Objects[rel->Count++] = child->Common.Self;
            ObReferenceObject(child->Common.Self);
        }
        ExReleaseFastMutex(&Fdo->ChildLock);
        Irp->IoStatus.Information = (ULONG_PTR)rel;
        Irp->IoStatus.Status      = STATUS_SUCCESS;
        break;

    case IRP_MN_SURPRISE_REMOVAL:
        Fdo->Common.Started = FALSE;
        IoSetDeviceInterfaceState(&Fdo->InterfaceName, FALSE);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_REMOVE_DEVICE:
        if (Fdo->Common.Started) {
            IoSetDeviceInterfaceState(&Fdo->InterfaceName, FALSE);
        }
        Fdo->Common.Started = FALSE;
        Fdo->Common.Removed = TRUE;

        // children that are still around go with us
        ExAcquireFastMutex(&Fdo->ChildLock);
        while (!IsListEmpty(&Fdo->Children)) {
            e = RemoveHeadList(&Fdo->Children);
            child = CONTAINING_RECORD(e, GZ_PDO_EXT, Link);
            child->Common.Removed = TRUE;
            IoDeleteDevice(child->Common.Self);
        }
        Fdo->ChildCount = 0;
        ExReleaseFastMutex(&Fdo->ChildLock);

        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(Fdo->Lower, Irp);

        RtlFreeUnicodeString(&Fdo->InterfaceName);
        IoDetachDevice(Fdo->Lower);
        IoDeleteDevice(Fdo->Common.Self);
        return status;

    default:
        break;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(Fdo->Lower, Irp);
}

NTSTATUS
GzPdoPnp(
    _In_ PGZ_PDO_EXT Pdo,
    _Inout_ PIRP     Irp
    )
{
    PIO_STACK_LOCATION sp     = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS           status = Irp->IoStatus.Status;
    PWCHAR             buf;
    PDEVICE_RELATIONS  rel;
    PDEVICE_CAPABILITIES caps;

    switch (sp->MinorFunction) {
    case IRP_MN_START_DEVICE:
        Pdo->Common.Started = TRUE;
        status = STATUS_SUCCESS;
        break;

    case IRP_MN_QUERY_ID:
        buf = NULL;
        if (sp->Parameters.QueryId.IdType == BusQueryDeviceID ||
            sp->Parameters.QueryId.IdType == BusQueryHardwareIDs) {
            buf = (PWCHAR)ExAllocatePoolWithTag(PagedPool, sizeof(GZ_HW_ID), GZ_POOL_TAG);
            if (buf) RtlCopyMemory(buf, GZ_HW_ID, sizeof(GZ_HW_ID));
        } else if (sp->Parameters.QueryId.IdType == BusQueryInstanceID) {
            buf = (PWCHAR)ExAllocatePoolWithTag(PagedPool, 12 * sizeof(WCHAR), GZ_POOL_TAG);
            if (buf) RtlStringCchPrintfW(buf, 12, L"%04u", Pdo->SerialNo);
        } else {
            break;
        }
        if (buf == NULL) {
            status = STATUS_INSUFFICIENT_RESOURCES;
            break;
        }
        Irp->IoStatus.Information = (ULONG_PTR)buf;
        status = STATUS_SUCCESS;
        break;

    case IRP_MN_QUERY_DEVICE_RELATIONS:
        if (sp->Parameters.QueryDeviceRelations.Type != TargetDeviceRelation) {
            break;
        }
        rel = (PDEVICE_RELATIONS)ExAllocatePoolWithTag(PagedPool, sizeof(DEVICE_RELATIONS), GZ_POOL_TAG);
        if (rel == NULL) {
            status = STATUS_INSUFFICIENT_RESOURCES;
            break;
        }
        rel->Count = 1;
        rel->Objects[0] = Pdo->Common.Self;
        ObReferenceObject(Pdo->Common.Self);
        Irp->IoStatus.Information = (ULONG_PTR)rel;
        status = STATUS_SUCCESS;
        break;

    case IRP_MN_QUERY_CAPABILITIES:
        caps = sp->Parameters.DeviceCapabilities.Capabilities;
        if (caps->Version != 1 || caps->Size < sizeof(DEVICE_CAPABILITIES)) {
            status = STATUS_UNSUCCESSFUL;
            break;
        }
        caps->Address   = Pdo->SerialNo;
        caps->UINumber  = Pdo->SerialNo;
        caps->UniqueID  = FALSE;
        caps->Removable = FALSE;
        status = STATUS_SUCCESS;
        break;

    case IRP_MN_REMOVE_DEVICE:
        // ports never go away on their own; the FDO deletes us on its remove
        Pdo->Common.Started = FALSE;
        status = STATUS_SUCCESS;
        break;

    case IRP_MN_QUERY_REMOVE_DEVICE:
    case IRP_MN_CANCEL_REMOVE_DEVICE:
    case IRP_MN_SURPRISE_REMOVAL:
    case IRP_MN_QUERY_STOP_DEVICE:
    case IRP_MN_CANCEL_STOP_DEVICE:
    case IRP_MN_STOP_DEVICE:
        status = STATUS_SUCCESS;
        break;

    default:
        break;
    }

    return GzCompleteIrp(Irp, status);
}
