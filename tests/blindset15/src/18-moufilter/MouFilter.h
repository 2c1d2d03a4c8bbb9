#pragma once

extern "C" {
#include <ntddk.h>
#include <kbdmou.h>
#include <ntddmou.h>
}

namespace mf {

constexpr ULONG kTag = 'flFM';

struct Extension {
    PDEVICE_OBJECT Self;
    PDEVICE_OBJECT Pdo;
    PDEVICE_OBJECT Lower;
    IO_REMOVE_LOCK RemoveLock;
    CONNECT_DATA Upper;            // mouclass service we forward packets to
    bool Connected;
    volatile LONG Packets;
    ULONG SwapButtons;
};

template <typename T = PVOID>
class RemoveLockGuard {
public:
    RemoveLockGuard(PIO_REMOVE_LOCK lock, T tag) : m_lock(lock), m_tag(tag)
    {
        m_status = IoAcquireRemoveLock(m_lock, m_tag);
    }

    ~RemoveLockGuard()
    {
        if (m_lock != nullptr && NT_SUCCESS(m_status)) {
            IoReleaseRemoveLock(m_lock, m_tag);
        }
    }

    NTSTATUS Status() const { return m_status; }

    // The caller took over the release (IoReleaseRemoveLockAndWait).
    void Release() { m_lock = nullptr; }

    RemoveLockGuard(const RemoveLockGuard&) = delete;
    RemoveLockGuard& operator=(const RemoveLockGuard&) = delete;

private:
    PIO_REMOVE_LOCK m_lock;
    T m_tag;
    NTSTATUS m_status;
};

class Filter {
public:
    static DRIVER_ADD_DEVICE AddDevice;
    static DRIVER_UNLOAD Unload;
    static DRIVER_DISPATCH DispatchPassThrough;
    static DRIVER_DISPATCH DispatchPnp;
    static DRIVER_DISPATCH DispatchPower;
    static DRIVER_DISPATCH DispatchInternalIoctl;

private:
    static VOID ServiceCallback(PDEVICE_OBJECT DeviceObject, PMOUSE_INPUT_DATA Start,
                                PMOUSE_INPUT_DATA End, PULONG Consumed);
    static NTSTATUS Complete(PIRP irp, NTSTATUS status);
    static Extension* Ext(PDEVICE_OBJECT dev) { return static_cast<Extension*>(dev->DeviceExtension); }
};

} // namespace mf
