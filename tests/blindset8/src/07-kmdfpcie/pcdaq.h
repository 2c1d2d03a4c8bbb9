// pcdaq.h - KMDF function driver for the PCD-16 PCIe data acquisition card.
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <initguid.h>

#include "trace.h"

#define PCD_POOL_TAG            'dqcP'
#define PCD_MAX_TRANSFER        (1024 * 1024)
#define PCD_WATCHDOG_PERIOD_MS  500
#define PCD_DESCRIPTOR_SIZE     64

// {B7A4E1D0-3F6C-4A2E-8D19-5C0E7F2A6B34}
DEFINE_GUID(GUID_DEVINTERFACE_PCDAQ,
    0xb7a4e1d0, 0x3f6c, 0x4a2e, 0x8d, 0x19, 0x5c, 0x0e, 0x7f, 0x2a, 0x6b, 0x34);

#define IOCTL_PCD_START_CAPTURE CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_PCD_STOP_CAPTURE  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)

struct PCD_REGS {
    volatile ULONG Control;
    volatile ULONG Status;
    volatile ULONG IntMask;
    volatile ULONG IntStatus;
    volatile ULONG DmaAddrLo;
    volatile ULONG DmaAddrHi;
    volatile ULONG DmaLength;
    volatile ULONG Heartbeat;
};

struct DEVICE_CONTEXT {
    WDFDEVICE       Device;
    PCD_REGS*       Regs;
    ULONG           RegsLength;
    WDFINTERRUPT    Interrupt;
    WDFDMAENABLER   DmaEnabler;
    WDFQUEUE        IoctlQueue;
    WDFQUEUE        ReadQueue;
    WDFTIMER        Watchdog;
    WDFWORKITEM     RecoveryWork;
    ULONG           LastHeartbeat;
    ULONG           MissedBeats;
    BOOLEAN         Capturing;
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, PcdGetContext)

struct DRIVER_CONTEXT {
    WDFLOOKASIDE    DescriptorLookaside;   // may be NULL: callers fall back to pool
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DRIVER_CONTEXT, PcdGetDriverContext)

// Minimal scope guard; the kernel build has no <utility>.
template <typename F>
class ScopeExit {
public:
    explicit ScopeExit(F f) : m_f(f), m_armed(true) {}
    ~ScopeExit() { if (m_armed) { m_f(); } }
    void Dismiss() { m_armed = false; }
    ScopeExit(const ScopeExit&) = delete;
    ScopeExit& operator=(const ScopeExit&) = delete;
private:
    F    m_f;
    bool m_armed;
};

template <typename F>
ScopeExit<F> MakeScopeExit(F f) { return ScopeExit<F>(f); }

extern "C" {
DRIVER_INITIALIZE DriverEntry;
}

EVT_WDF_DRIVER_DEVICE_ADD               PcdEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP          PcdEvtDriverContextCleanup;
EVT_WDF_OBJECT_CONTEXT_CLEANUP          PcdEvtDeviceCleanup;
EVT_WDF_DEVICE_PREPARE_HARDWARE         PcdEvtPrepareHardware;
EVT_WDF_DEVICE_RELEASE_HARDWARE         PcdEvtReleaseHardware;
EVT_WDF_DEVICE_D0_ENTRY                 PcdEvtD0Entry;
EVT_WDF_DEVICE_D0_EXIT                  PcdEvtD0Exit;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL      PcdEvtIoDeviceControl;
EVT_WDF_INTERRUPT_ISR                   PcdEvtIsr;
EVT_WDF_INTERRUPT_DPC                   PcdEvtDpc;
EVT_WDF_TIMER                           PcdEvtWatchdog;
EVT_WDF_WORKITEM                        PcdEvtRecovery;
