#include "Fdo.h"

NTSTATUS SensorFdo::PassDown(PIRP irp)
{
    IoSkipCurrentIrpStackLocation(irp);
    NTSTATUS status = IoCallDriver(m_lower, irp);
    IoReleaseRemoveLock(&m_removeLock, irp);
    return status;
}

NTSTATUS SensorFdo::ForwardAndWait(PIRP irp)
{
    if (!IoForwardIrpSynchronously(m_lower, irp)) {
        return STATUS_UNSUCCESSFUL;
    }
    return irp->IoStatus.Status;
}

NTSTATUS SensorFdo::OnStart(PIRP irp)
{
    NTSTATUS status = ForwardAndWait(irp);
    if (NT_SUCCESS(status)) {
        status = IoSetDeviceInterfaceState(&m_interfaceName, TRUE);
        if (NT_SUCCESS(status)) {
            m_state = DevState::Started;
        }
    }
    Complete(irp, status);
    IoReleaseRemoveLock(&m_removeLock, irp);
    return status;
}

NTSTATUS SensorFdo::OnRemove(PIRP irp)
{
    if (m_state == DevState::Started) {
        IoSetDeviceInterfaceState(&m_interfaceName, FALSE);
    }
    m_state = DevState::Removed;

    irp->IoStatus.Status = STATUS_SUCCESS;
    IoSkipCurrentIrpStackLocation(irp);
    NTSTATUS status = IoCallDriver(m_lower, irp);

    IoReleaseRemoveLockAndWait(&m_removeLock, irp);

    auto config = VsGetConfig(m_self->DriverObject);
    InterlockedDecrement(&config->DeviceCount);

    PDEVICE_OBJECT self = m_self;
    IoDetachDevice(m_lower);
    this->~SensorFdo();
    IoDeleteDevice(self);
    return status;
}

NTSTATUS SensorFdo::DispatchPnp(PDEVICE_OBJECT dev, PIRP irp)
{
    auto self = From(dev);
    NTSTATUS status = IoAcquireRemoveLock(&self->m_removeLock, irp);
    if (!NT_SUCCESS(status)) {
        return Complete(irp, status);
    }

    switch (IoGetCurrentIrpStackLocation(irp)->MinorFunction) {
    case IRP_MN_START_DEVICE:
        return self->OnStart(irp);

    case IRP_MN_REMOVE_DEVICE:
        return self->OnRemove(irp);

    case IRP_MN_QUERY_STOP_DEVICE:
        self->m_state = DevState::StopPending;
        irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_CANCEL_STOP_DEVICE:
        self->m_state = DevState::Started;
        irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_STOP_DEVICE:
        self->m_state = DevState::Stopped;
        irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_QUERY_REMOVE_DEVICE:
        self->m_state = DevState::RemovePending;
        irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_CANCEL_REMOVE_DEVICE:
        self->m_state = DevState::Started;
        irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_SURPRISE_REMOVAL:
        self->m_state = DevState::SurpriseRemoved;
        IoSetDeviceInterfaceState(&self->m_interfaceName, FALSE);
        irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    default:
        break;
    }

    return self->PassDown(irp);
}

NTSTATUS SensorFdo::DispatchPower(PDEVICE_OBJECT dev, PIRP irp)
{
    auto self = From(dev);
    NTSTATUS status = IoAcquireRemoveLock(&self->m_removeLock, irp);
    if (!NT_SUCCESS(status)) {
        PoStartNextPowerIrp(irp);
        return Complete(irp, status);
    }

    // no hardware: let the bus driver handle power on our behalf
    PoStartNextPowerIrp(irp);
    IoSkipCurrentIrpStackLocation(irp);
    status = PoCallDriver(self->m_lower, irp);
    IoReleaseRemoveLock(&self->m_removeLock, irp);
    return status;
}
