#include "Fdo.h"

SensorFdo::SensorFdo(PDEVICE_OBJECT self, PDEVICE_OBJECT pdo, ULONG baseMilliC, ULONG noiseMilliC)
    : m_self(self), m_pdo(pdo), m_lower(nullptr), m_interfaceName{},
      m_state(DevState::NotStarted), m_baseMilliC(baseMilliC), m_noiseMilliC(noiseMilliC),
      m_seed(static_cast<ULONG>(KeQueryInterruptTime()))
{
    IoInitializeRemoveLock(&m_removeLock, VS_TAG, 0, 0);
}

SensorFdo::~SensorFdo()
{
    if (m_interfaceName.Buffer) {
        RtlFreeUnicodeString(&m_interfaceName);
    }
}

NTSTATUS SensorFdo::AddDevice(PDRIVER_OBJECT driver, PDEVICE_OBJECT pdo)
{
    auto config = VsGetConfig(driver);
    ULONG base = config->DefaultBaseMilliC;
    ULONG noise = config->DefaultNoiseMilliC;

    // per-device overrides are optional, keep the defaults if the key is missing
    NTSTATUS status = VsReadParameters(&config->RegistryPath, &base, &noise);
    if (!NT_SUCCESS(status)) {
        VS_TRACE("no Parameters (%08x), using defaults", status);
    }

    PDEVICE_OBJECT fdo = nullptr;
    status = IoCreateDevice(driver, sizeof(SensorFdo), nullptr, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &fdo);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    auto self = new (fdo->DeviceExtension) SensorFdo(fdo, pdo, base, noise);

    status = IoRegisterDeviceInterface(pdo, &GUID_DEVINTERFACE_VSENSOR, nullptr, &self->m_interfaceName);
    if (!NT_SUCCESS(status)) {
        self->~SensorFdo();
        IoDeleteDevice(fdo);
        return status;
    }

    self->m_lower = IoAttachDeviceToDeviceStack(fdo, pdo);
    if (!self->m_lower) {
        self->~SensorFdo();
        IoDeleteDevice(fdo);
        return STATUS_NO_SUCH_DEVICE;
    }

    fdo->Flags |= DO_BUFFERED_IO | DO_POWER_PAGABLE;
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;

    InterlockedIncrement(&config->DeviceCount);
    return STATUS_SUCCESS;
}

NTSTATUS SensorFdo::Complete(PIRP irp, NTSTATUS status, ULONG_PTR info)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = info;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS SensorFdo::DispatchCreateClose(PDEVICE_OBJECT dev, PIRP irp)
{
    auto self = From(dev);
    NTSTATUS status = IoAcquireRemoveLock(&self->m_removeLock, irp);
    if (!NT_SUCCESS(status)) {
        return Complete(irp, status);
    }
    if (IoGetCurrentIrpStackLocation(irp)->MajorFunction == IRP_MJ_CREATE &&
        self->m_state != DevState::Started) {
        status = STATUS_DEVICE_NOT_READY;
    }
    Complete(irp, status);
    IoReleaseRemoveLock(&self->m_removeLock, irp);
    return status;
}

VS_READING SensorFdo::Sample()
{
    VS_READING r;
    ULONG rnd = RtlRandomEx(&m_seed);
    LONG jitter = m_noiseMilliC ? static_cast<LONG>(rnd % (2 * m_noiseMilliC + 1)) - static_cast<LONG>(m_noiseMilliC) : 0;
    r.MilliCelsius = static_cast<LONG>(m_baseMilliC) + jitter;
    r.Timestamp = KeQueryInterruptTime();
    return r;
}

NTSTATUS SensorFdo::DispatchIoctl(PDEVICE_OBJECT dev, PIRP irp)
{
    auto self = From(dev);
    NTSTATUS status = IoAcquireRemoveLock(&self->m_removeLock, irp);
    if (!NT_SUCCESS(status)) {
        return Complete(irp, status);
    }

    auto sp = IoGetCurrentIrpStackLocation(irp);
    ULONG_PTR info = 0;

    if (sp->Parameters.DeviceIoControl.IoControlCode != IOCTL_VSENSOR_READ) {
        status = STATUS_INVALID_DEVICE_REQUEST;
    } else if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(VS_READING)) {
        status = STATUS_BUFFER_TOO_SMALL;
    } else {
        *static_cast<VS_READING*>(irp->AssociatedIrp.SystemBuffer) = self->Sample();
        info = sizeof(VS_READING);
        status = STATUS_SUCCESS;
    }

    Complete(irp, status, info);
    IoReleaseRemoveLock(&self->m_removeLock, irp);
    return status;
}
