//
// iocf.h - iocfilter: generic WDM upper filter that counts IRPs per major
// function for whatever stack it is installed on (UpperFilters).
//
#pragma once

extern "C" {
#include <ntddk.h>
}

#define IOCF_TAG    'fcoI'

#define IOCF_DBG(fmt, ...) \
    KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "iocf: " fmt "\n", __VA_ARGS__))

namespace iocf {

struct DEVICE_EXTENSION {
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  Pdo;
    PDEVICE_OBJECT  Lower;
    IO_REMOVE_LOCK  RemoveLock;
    volatile LONG   MajorCount[IRP_MJ_MAXIMUM_FUNCTION + 1];
};
using PDEVICE_EXTENSION = DEVICE_EXTENSION*;

inline PDEVICE_EXTENSION Ext(PDEVICE_OBJECT d)
{
    return static_cast<PDEVICE_EXTENSION>(d->DeviceExtension);
}

//
// Acquires the remove lock for the lifetime of the object.
//
class RemoveLockGuard {
public:
    RemoveLockGuard(PIO_REMOVE_LOCK lock, PIRP irp)
        : m_Lock(lock), m_Irp(irp), m_Status(IoAcquireRemoveLock(lock, irp)) {}
    ~RemoveLockGuard() { if (NT_SUCCESS(m_Status) && m_Lock) IoReleaseRemoveLock(m_Lock, m_Irp); }

    NTSTATUS Status() const { return m_Status; }
    // ownership handed to someone else (remove path, completion routine)
    void Dismiss() { m_Lock = nullptr; }

    RemoveLockGuard(const RemoveLockGuard&) = delete;
    RemoveLockGuard& operator=(const RemoveLockGuard&) = delete;

private:
    PIO_REMOVE_LOCK m_Lock;
    PIRP            m_Irp;
    NTSTATUS        m_Status;
};

class Config {
public:
    static NTSTATUS Load(_In_ PCUNICODE_STRING RegistryPath);
    static void     Free();
    static bool     Enabled() { return s_Enabled != 0; }

private:
    static UNICODE_STRING s_ServiceKey;
    static ULONG          s_Enabled;
};

NTSTATUS CompleteIrp(_Inout_ PIRP Irp, _In_ NTSTATUS Status);

} // namespace iocf

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE   IocfAddDevice;
DRIVER_UNLOAD       IocfUnload;
DRIVER_DISPATCH     IocfDispatchAny;
DRIVER_DISPATCH     IocfDispatchPnp;
DRIVER_DISPATCH     IocfDispatchPower;
