//
// dskflt.h - upper filter for disk.sys that just counts I/O.
// Registered through UpperFilters of the DiskDrive class key.
//
#pragma once

extern "C" {
#include <ntddk.h>
#include <ntdddisk.h>
}

#define DSKFLT_TAG  'tlFD'

#define DFLOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[dskflt] %s: " fmt "\n", __FUNCTION__, __VA_ARGS__)

namespace dskflt {

struct FILTER_EXTENSION {
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  Pdo;
    PDEVICE_OBJECT  Lower;
    IO_REMOVE_LOCK  RemoveLock;
    volatile LONG64 ReadBytes;
    volatile LONG64 WriteBytes;
    volatile LONG   Ioctls;
};

inline FILTER_EXTENSION* Ext(PDEVICE_OBJECT DeviceObject)
{
    return static_cast<FILTER_EXTENSION*>(DeviceObject->DeviceExtension);
}

//
// Holds the remove lock for the lifetime of the scope.
//
class RemoveLockGuard {
public:
    RemoveLockGuard(PIO_REMOVE_LOCK Lock, PIRP Irp)
        : m_lock(Lock), m_irp(Irp), m_status(IoAcquireRemoveLock(Lock, Irp)) {}

    ~RemoveLockGuard()
    {
        if (m_lock != nullptr && NT_SUCCESS(m_status)) {
            IoReleaseRemoveLock(m_lock, m_irp);
        }
    }

    NTSTATUS Status() const { return m_status; }
    void Dismiss() { m_lock = nullptr; }

    RemoveLockGuard(const RemoveLockGuard&) = delete;
    RemoveLockGuard& operator=(const RemoveLockGuard&) = delete;

private:
    PIO_REMOVE_LOCK m_lock;
    PIRP            m_irp;
    NTSTATUS        m_status;
};

class Filter {
public:
    static NTSTATUS AddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Pdo);
    static NTSTATUS DispatchAny(PDEVICE_OBJECT DeviceObject, PIRP Irp);
    static NTSTATUS DispatchReadWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp);
    static NTSTATUS DispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp);
    static NTSTATUS DispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp);
    static VOID     Unload(PDRIVER_OBJECT DriverObject);

    static volatile LONG s_DeviceCount;

private:
    static NTSTATUS PassDown(FILTER_EXTENSION* ext, PIRP Irp);
};

} // namespace dskflt
