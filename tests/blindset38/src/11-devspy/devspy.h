#pragma once
//
// devspy - generic WDM upper filter that counts the IRPs going to a device.
// Install as a device UpperFilters entry on whatever you want to watch.
//
#include <wdm.h>

namespace devspy {

constexpr ULONG kPoolTag = 'ypsD';

struct Settings
{
    ULONG Verbose;
};
extern Settings g_Settings;

struct DeviceExtension
{
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  Pdo;
    PDEVICE_OBJECT  Lower;
    IO_REMOVE_LOCK  RemoveLock;
    volatile LONG   IrpCount[IRP_MJ_MAXIMUM_FUNCTION + 1];
};

inline DeviceExtension* Ext(PDEVICE_OBJECT DeviceObject)
{
    return static_cast<DeviceExtension*>(DeviceObject->DeviceExtension);
}

//
// Scoped remove lock for the plain pass-through paths.
//
class RemoveLockGuard
{
public:
    RemoveLockGuard(PIO_REMOVE_LOCK Lock, PIRP Irp) : m_lock(Lock), m_irp(Irp)
    {
        m_status = IoAcquireRemoveLock(m_lock, m_irp);
    }
    ~RemoveLockGuard()
    {
        if (NT_SUCCESS(m_status) && m_lock != nullptr) {
            IoReleaseRemoveLock(m_lock, m_irp);
        }
    }
    // the lock is released by somebody else (a completion routine)
    void Detach() { m_lock = nullptr; }

    NTSTATUS Status() const { return m_status; }

    RemoveLockGuard(const RemoveLockGuard&) = delete;
    RemoveLockGuard& operator=(const RemoveLockGuard&) = delete;

private:
    PIO_REMOVE_LOCK m_lock;
    PIRP            m_irp;
    NTSTATUS        m_status;
};

#define SPY_LOG(fmt, ...) \
    do { if (devspy::g_Settings.Verbose) DbgPrint("devspy: " fmt "\n", __VA_ARGS__); } while (0)

DRIVER_ADD_DEVICE AddDevice;
DRIVER_UNLOAD     Unload;
DRIVER_DISPATCH   DispatchAny;
DRIVER_DISPATCH   DispatchPnp;
DRIVER_DISPATCH   DispatchPower;

NTSTATUS CompleteIrp(PIRP Irp, NTSTATUS Status);

} // namespace devspy

extern "C" DRIVER_INITIALIZE DriverEntry;
