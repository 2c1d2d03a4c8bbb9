//
// monitor.h - process / registry activity monitor used by cppmon.sys
//

#pragma once

#include "kx.h"

#define CPPMON_DEVICE_NAME  L"\\Device\\CppMon"
#define CPPMON_LINK_NAME    L"\\??\\CppMon"
#define CPPMON_ALTITUDE     L"381920"

#define IOCTL_CPPMON_GET_STATS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x8A0, METHOD_BUFFERED, FILE_READ_ACCESS)

struct CPPMON_STATS
{
    LONG ProcessCreates;
    LONG ProcessExits;
    LONG RegistryWrites;
    LONG BlockedIfeoWrites;
};

class Monitor
{
public:
    Monitor() noexcept = default;
    ~Monitor() = default;

    Monitor(const Monitor&) = delete;
    Monitor& operator=(const Monitor&) = delete;

    // Registers the registry callback with this object as its context.
    NTSTATUS Start(PDRIVER_OBJECT driver) noexcept;

    // Until armed, callbacks only pass operations through.
    void Arm() noexcept { InterlockedExchange(&m_armed, 1); }
    bool Armed() const noexcept { return InterlockedCompareExchange(const_cast<LONG*>(&m_armed), 0, 0) != 0; }

    void OnProcessCreate(PEPROCESS process, HANDLE pid, PPS_CREATE_NOTIFY_INFO info) noexcept;
    void OnProcessExit(HANDLE pid) noexcept;

    CPPMON_STATS Snapshot() const noexcept;

private:
    static NTSTATUS RegistryThunk(PVOID context, PVOID arg1, PVOID arg2);
    NTSTATUS OnRegistry(REG_NOTIFY_CLASS cls, PVOID info) noexcept;
    bool IsIfeoKey(PVOID keyObject) noexcept;

    volatile LONG m_armed = 0;
    volatile LONG m_creates = 0;
    volatile LONG m_exits = 0;
    volatile LONG m_regWrites = 0;
    volatile LONG m_blocked = 0;

    // Declared last so it is destroyed (unregistered) first: the callback
    // must be gone before the counters it touches.
    kx::RegistryCallback m_registry;
};

//
// The single driver-wide object.  Member order is construction order;
// destruction runs in reverse, which is the required teardown order:
// process notify, monitor (registry callback), link, device.
//
struct DriverState
{
    kx::DeviceObject        Device;
    kx::SymbolicLink        Link;
    kx::UniquePtr<Monitor>  Mon;
    kx::ProcessNotify       ProcNotify;
};

extern DriverState* g_Driver;

extern "C" VOID
CppMonProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    );
