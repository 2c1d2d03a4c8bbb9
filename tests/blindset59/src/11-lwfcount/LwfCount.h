#pragma once
//
// lwfcount - per-adapter tx/rx NBL counters, NDIS 6.30 modifying-less LWF
//

#define NDIS630 1

extern "C" {
#include <ndis.h>
}

#define LWFC_TAG            'cFwL'
#define LWFC_FRIENDLY_NAME  L"lwfcount Filter"
#define LWFC_UNIQUE_NAME    L"{8f4d2c61-1a7e-4b93-b5f0-2e6c9d8a7b14}"
#define LWFC_SERVICE_NAME   L"lwfcount"
#define LWFC_DEVICE_NAME    L"\\Device\\lwfcount"
#define LWFC_LINK_NAME      L"\\DosDevices\\lwfcount"

#define IOCTL_LWFC_SNAPSHOT CTL_CODE(FILE_DEVICE_NETWORK, 0xA10, METHOD_BUFFERED, FILE_READ_ACCESS)

#define LTRACE(fmt, ...) KdPrintEx((DPFLTR_IHVNETWORK_ID, DPFLTR_TRACE_LEVEL, "lwfcount: " fmt "\n", __VA_ARGS__))
#define LERROR(fmt, ...) KdPrintEx((DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "lwfcount: " fmt "\n", __VA_ARGS__))

namespace lwfc {

enum class State : ULONG { Detached, Paused, Running, Pausing };

struct Module {
    LIST_ENTRY      Link;
    NDIS_HANDLE     FilterHandle;
    NET_IFINDEX     IfIndex;
    State           CurrentState;
    volatile LONG64 TxNbls;
    volatile LONG64 RxNbls;
};

struct Snapshot {
    ULONG  IfIndex;
    ULONG  State;
    LONG64 TxNbls;
    LONG64 RxNbls;
};

class SpinGuard {
public:
    explicit SpinGuard(PNDIS_SPIN_LOCK lock) : m_lock(lock) { NdisAcquireSpinLock(m_lock); }
    ~SpinGuard() { NdisReleaseSpinLock(m_lock); }
    SpinGuard(const SpinGuard&) = delete;
    SpinGuard& operator=(const SpinGuard&) = delete;
private:
    PNDIS_SPIN_LOCK m_lock;
};

struct Driver {
    static NDIS_HANDLE    FilterDriverHandle;
    static NDIS_HANDLE    DeviceHandle;
    static PDEVICE_OBJECT ControlDevice;
    static NDIS_SPIN_LOCK ListLock;
    static LIST_ENTRY     Modules;
    static ULONG          ModuleCount;
};

// Control.cpp
NDIS_STATUS RegisterControlDevice();
void        DeregisterControlDevice();

} // namespace lwfc
