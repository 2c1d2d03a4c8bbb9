// logger.h - ShutdownLog: keeps a small text log in memory and writes it
// to \SystemRoot\Temp\shutdownlog.txt when the system shuts down.
#pragma once

#include <ntddk.h>
#include <ntstrsafe.h>
#include <stdarg.h>

namespace sdl {

constexpr ULONG  kTag      = 'LdhS';
constexpr SIZE_T kRingSize = 16 * 1024;

constexpr const wchar_t* kDeviceName = L"\\Device\\ShutdownLog";
constexpr const wchar_t* kLinkName   = L"\\DosDevices\\ShutdownLog";
constexpr const wchar_t* kLogFile    = L"\\SystemRoot\\Temp\\shutdownlog.txt";

// owning pointer for pool memory with our tag
template <typename T>
class PoolPtr {
public:
    explicit PoolPtr(T* p = nullptr) : m_p(p) {}
    ~PoolPtr() { reset(); }

    PoolPtr(const PoolPtr&) = delete;
    PoolPtr& operator=(const PoolPtr&) = delete;

    T* get() const { return m_p; }
    T* operator->() const { return m_p; }
    explicit operator bool() const { return m_p != nullptr; }

    T* release()
    {
        T* p = m_p;
        m_p = nullptr;
        return p;
    }

    void reset(T* p = nullptr)
    {
        if (m_p != nullptr) {
            ExFreePoolWithTag(m_p, kTag);
        }
        m_p = p;
    }

private:
    T* m_p;
};

template <typename T>
T* AllocNonPaged()
{
    return static_cast<T*>(ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(T), kTag));
}

struct LogRing {
    KSPIN_LOCK Lock;
    SIZE_T     Used;
    CHAR       Text[kRingSize];
};

class Logger {
public:
    static void Attach(LogRing* ring, PDEVICE_OBJECT device, bool flushOnShutdown);
    static void Detach();

    static void Write(_Printf_format_string_ const char* fmt, ...);
    static NTSTATUS FlushToDisk();

    static NTSTATUS OnCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp);
    static NTSTATUS OnRead(PDEVICE_OBJECT DeviceObject, PIRP Irp);
    static NTSTATUS OnShutdown(PDEVICE_OBJECT DeviceObject, PIRP Irp);

    static PDEVICE_OBJECT Device() { return s_Device; }

private:
    static LogRing*       s_Ring;
    static PDEVICE_OBJECT s_Device;
    static bool           s_FlushOnShutdown;
};

// reads the FlushOnShutdown DWORD below the service key; status goes to *status
bool ReadFlushOption(PCUNICODE_STRING registryPath, NTSTATUS* status);

} // namespace sdl
