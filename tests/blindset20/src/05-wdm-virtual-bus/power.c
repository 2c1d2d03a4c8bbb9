/*++

Copyright (c) Litware Devices.  All rights reserved.

Module Name:

    power.c

Abstract:

    Power IRP handling.  The bus FDO is not the power policy owner for
    anything but itself and simply tracks state on the way down; child
    PDOs have no hardware and succeed every transition.

Environment:

    Kernel mode only.

--*/

#include "vbus.h"

static
NTSTATUS
VBusFdoPower(
    _In_ PVBUS_FDO_EXTENSION FdoData,
    _Inout_ PIRP Irp
    );

static
NTSTATUS
VBusPdoPower(
    _In_ PVBUS_PDO_EXTENSION PdoData,
    _Inout_ PIRP Irp
    );


_Use_decl_annotations_
NTSTATUS
VBusDispatchPower(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PVBUS_COMMON_EXTENSION common = (PVBUS_COMMON_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status;

    if (common->DevicePnPState == VBusDeleted) {
#if (NTDDI_VERSION < NTDDI_VISTA)
        PoStartNextPowerIrp(Irp);
#endif
        status = STATUS_NO_SUCH_DEVICE;
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    if (common->IsFdo) {
        return VBusFdoPower((PVBUS_FDO_EXTENSION)common, Irp);
    }

    return VBusPdoPower((PVBUS_PDO_EXTENSION)common, Irp);
}


static
NTSTATUS
VBusFdoPower(
    _In_ PVBUS_FDO_EXTENSION FdoData,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION irpStack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    status = IoAcquireRemoveLock(&FdoData->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
#if (NTDDI_VERSION < NTDDI_VISTA)
        PoStartNextPowerIrp(Irp);
#endif
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    if (FdoData->Common.DevicePnPState == VBusNotStarted) {
        //
        // Not started yet: nothing of ours to power-manage.
        //
#if (NTDDI_VERSION < NTDDI_VISTA)
        PoStartNextPowerIrp(Irp);
        IoSkipCurrentIrpStackLocation(Irp);
        status = PoCallDriver(FdoData->NextLowerDriver, Irp);
#else
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(FdoData->NextLowerDriver, Irp);
#endif
        IoReleaseRemoveLock(&FdoData->RemoveLock, Irp);
        return status;
    }

    if (irpStack->MinorFunction == IRP_MN_SET_POWER) {

        switch (irpStack->Parameters.Power.Type) {

        case SystemPowerState:
            FdoData->Common.SystemPowerState = irpStack->Parameters.Power.State.SystemState;
            break;

        case DevicePowerState:
            FdoData->Common.DevicePowerState = irpStack->Parameters.Power.State.DeviceState;
            (VOID)PoSetPowerState(FdoData->Common.Self,
                                  DevicePowerState,
                                  irpStack->Parameters.Power.State);
            break;

        default:
            break;
        }
    }

#if (NTDDI_VERSION < NTDDI_VISTA)
    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    status = PoCallDriver(FdoData->NextLowerDriver, Irp);
#else
    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(FdoData->NextLowerDriver, Irp);
#endif

    IoReleaseRemoveLock(&FdoData->RemoveLock, Irp);
    return status;
}


static
NTSTATUS
VBusPdoPower(
    _In_ PVBUS_PDO_EXTENSION PdoData,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION irpStack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    switch (irpStack->MinorFunction) {

    case IRP_MN_SET_POWER:

        if (irpStack->Parameters.Power.Type == DevicePowerState) {
            (VOID)PoSetPowerState(PdoData->Common.Self,
                                  DevicePowerState,
                                  irpStack->Parameters.Power.State);
            PdoData->Common.DevicePowerState = irpStack->Parameters.Power.State.DeviceState;
        } else {
            PdoData->Common.SystemPowerState = irpStack->Parameters.Power.State.SystemState;
        }
        status = STATUS_SUCCESS;
        break;

    case IRP_MN_QUERY_POWER:
        status = STATUS_SUCCESS;
        break;

    case IRP_MN_WAIT_WAKE:
        //
        // Virtual sensors cannot wake the system.
        //
        status = STATUS_NOT_SUPPORTED;
        break;

    case IRP_MN_POWER_SEQUENCE:
    default:
        status = Irp->IoStatus.Status;
        break;
    }

    Irp->IoStatus.Status = status;
#if (NTDDI_VERSION < NTDDI_VISTA)
    PoStartNextPowerIrp(Irp);
#endif
    IoCompleteRequest(Irp, IO_NO_INCREMENT);

    return status;
}
