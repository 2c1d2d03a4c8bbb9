#pragma once
#include "vsensor.h"

enum class DevState { NotStarted, Started, StopPending, Stopped, RemovePending, SurpriseRemoved, Removed };

// Everything per-device lives in this object, which is constructed with
// placement new inside the FDO's device extension.
class SensorFdo {
public:
    static NTSTATUS AddDevice(PDRIVER_OBJECT driver, PDEVICE_OBJECT pdo);

    static NTSTATUS DispatchPnp(PDEVICE_OBJECT dev, PIRP irp);
    static NTSTATUS DispatchPower(PDEVICE_OBJECT dev, PIRP irp);
    static NTSTATUS DispatchCreateClose(PDEVICE_OBJECT dev, PIRP irp);
    static NTSTATUS DispatchIoctl(PDEVICE_OBJECT dev, PIRP irp);

    static SensorFdo* From(PDEVICE_OBJECT dev) { return static_cast<SensorFdo*>(dev->DeviceExtension); }

private:
    SensorFdo(PDEVICE_OBJECT self, PDEVICE_OBJECT pdo, ULONG baseMilliC, ULONG noiseMilliC);
    ~SensorFdo();

    NTSTATUS OnStart(PIRP irp);
    NTSTATUS OnRemove(PIRP irp);
    NTSTATUS ForwardAndWait(PIRP irp);
    NTSTATUS PassDown(PIRP irp);
    VS_READING Sample();

    static NTSTATUS Complete(PIRP irp, NTSTATUS status, ULONG_PTR info = 0);

    PDEVICE_OBJECT m_self;
    PDEVICE_OBJECT m_pdo;
    PDEVICE_OBJECT m_lower;
    IO_REMOVE_LOCK m_removeLock;
    UNICODE_STRING m_interfaceName;
    DevState       m_state;
    ULONG          m_baseMilliC;
    ULONG          m_noiseMilliC;
    ULONG          m_seed;
};
