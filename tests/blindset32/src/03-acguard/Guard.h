// acguard - kernel side of the "ShieldLite" anti-cheat prototype.
//
// Keeps a table of protected game processes (registered by the launcher
// over an IOCTL) and strips VM read/write rights from handles other
// processes open to them.
#pragma once

#include <ntifs.h>
#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define ACG_TAG              'dGcA'
#define ACG_DEVICE_NAME      L"\\Device\\AcGuard"
#define ACG_LINK_NAME        L"\\DosDevices\\AcGuard"
#define ACG_DEFAULT_ALTITUDE L"321950"
#define ACG_DEFAULT_CAPACITY 8

#ifndef PROCESS_VM_READ
#define PROCESS_VM_OPERATION 0x0008
#define PROCESS_VM_READ      0x0010
#define PROCESS_VM_WRITE     0x0020
#endif

#define IOCTL_ACG_PROTECT    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define ACG_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "acguard: " fmt "\n", __VA_ARGS__)

// scope guard, runs the lambda on scope exit unless dismissed
template <typename F>
class ScopeExit {
public:
    explicit ScopeExit(F f) : m_f(f), m_active(true) {}
    ~ScopeExit() { if (m_active) m_f(); }
    void Dismiss() { m_active = false; }
private:
    F    m_f;
    bool m_active;
};

template <typename F>
inline ScopeExit<F> MakeScopeExit(F f) { return ScopeExit<F>(f); }

// fixed-size table of protected PIDs
class ProtectedTable {
public:
    NTSTATUS Initialize(ULONG Capacity);
    void     Destroy();
    NTSTATUS Add(HANDLE Pid);
    void     Remove(HANDLE Pid);
    bool     Contains(HANDLE Pid);

private:
    ERESOURCE  m_Lock;
    HANDLE*    m_Pids;
    ULONG      m_Capacity;
    ULONG      m_Count;
};

extern ProtectedTable g_Protected;

namespace Guard {

struct Config {
    ULONG          Capacity;
    UNICODE_STRING Altitude;
    WCHAR          AltitudeBuffer[16];
};

void ReadConfig(_In_ WDFDRIVER Driver, _Out_ Config* Cfg);

namespace ProcessWatch {
    NTSTATUS Start();
    void     Stop();
}

namespace HandleGuard {
    NTSTATUS Start(_In_ PCUNICODE_STRING Altitude);
    void     Stop();
}

namespace ControlDevice {
    NTSTATUS Create(_In_ WDFDRIVER Driver);
    void     Delete();
}

EVT_WDF_DRIVER_UNLOAD EvtDriverUnload;

} // namespace Guard
