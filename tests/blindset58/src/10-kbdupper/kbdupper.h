// kbdupper.h
//
// Keyboard class upper filter (UpperFilters of {4D36E96B-E325-11CE-BFC1-08002BE10318}).
// Counts make codes per keyboard and exposes GUID_DEVINTERFACE_KBDUPPER so the
// stats tool can query each instance.
//
#pragma once

extern "C" {
#include <wdm.h>
#include <ntddkbd.h>
}

// {0B7F3E12-9C44-4B1A-8E6D-27A5C0D4F981}
DEFINE_GUID(GUID_DEVINTERFACE_KBDUPPER,
    0x0b7f3e12, 0x9c44, 0x4b1a, 0x8e, 0x6d, 0x27, 0xa5, 0xc0, 0xd4, 0xf9, 0x81);

#define KU_POOL_TAG         'pUbK'
#define KU_REMLOCK_TAG      'lRuK'

#define FILE_DEVICE_KBDUPPER      0x8D42
#define IOCTL_KBDUPPER_QUERY      CTL_CODE(FILE_DEVICE_KBDUPPER, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)

#define KU_TRACE(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "kbdupper!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__)
#define KU_ERROR(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "kbdupper!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__)

struct KU_QUERY_OUT {
    ULONG MakeCount;
    ULONG BreakCount;
    ULONG ReadsCompleted;
};

namespace ku {

struct Extension {
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  Pdo;
    PDEVICE_OBJECT  Lower;
    IO_REMOVE_LOCK  RemoveLock;
    UNICODE_STRING  InterfaceName;
    BOOLEAN         InterfaceOn;
    volatile LONG   Makes;
    volatile LONG   Breaks;
    volatile LONG   Reads;
};

inline Extension* Ext(PDEVICE_OBJECT d) { return static_cast<Extension*>(d->DeviceExtension); }

// Scoped remove-lock acquisition.  Dismiss() when the release is handed
// to a completion routine or to IoReleaseRemoveLockAndWait.
class RemoveLockGuard {
public:
    RemoveLockGuard(PIO_REMOVE_LOCK lock, PVOID tag) : m_Lock(lock), m_Tag(tag)
    {
        m_Status = IoAcquireRemoveLock(m_Lock, m_Tag);
        if (!NT_SUCCESS(m_Status)) {
            m_Lock = nullptr;
        }
    }
    ~RemoveLockGuard()
    {
        if (m_Lock) {
            IoReleaseRemoveLock(m_Lock, m_Tag);
        }
    }
    NTSTATUS Status() const { return m_Status; }
    void Dismiss() { m_Lock = nullptr; }

    RemoveLockGuard(const RemoveLockGuard&) = delete;
    RemoveLockGuard& operator=(const RemoveLockGuard&) = delete;

private:
    PIO_REMOVE_LOCK m_Lock;
    PVOID           m_Tag;
    NTSTATUS        m_Status;
};

inline NTSTATUS Complete(PIRP Irp, NTSTATUS Status, ULONG_PTR Info = 0)
{
    Irp->IoStatus.Status      = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

// driver.cpp
DRIVER_ADD_DEVICE   AddDevice;
DRIVER_DISPATCH     DispatchPass;
DRIVER_DISPATCH     DispatchRead;
DRIVER_DISPATCH     DispatchIoctl;

// pnp.cpp
DRIVER_DISPATCH     DispatchPnp;
DRIVER_DISPATCH     DispatchPower;

} // namespace ku
