//
// secmon.h
//
// Process / thread / registry activity monitor. Events are kept in a
// bounded ring and drained by the user-mode agent through a control device.
//
#pragma once

#include <ntddk.h>
#include "kutil.hpp"

#define SECMON_TAG          'nMcS'
#define SECMON_RING_DEFAULT 512
#define SECMON_DEVICE_NAME  L"\\Device\\SecMon"
#define SECMON_LINK_NAME    L"\\??\\SecMon"
#define SECMON_ALTITUDE     L"385210"

#define FILE_DEVICE_SECMON  0x9C21
#define IOCTL_SECMON_READ_EVENTS \
    CTL_CODE(FILE_DEVICE_SECMON, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)

#define SM_LOG(_lvl, _fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, (_lvl), "secmon: " _fmt "\n", __VA_ARGS__)

#define RETURN_IF_NT_FAILED(_expr)                                          \
    do {                                                                    \
        const NTSTATUS _st = (_expr);                                       \
        if (!NT_SUCCESS(_st)) {                                             \
            SM_LOG(DPFLTR_ERROR_LEVEL, "%s -> 0x%08X", #_expr, _st);        \
            return _st;                                                     \
        }                                                                   \
    } while (0)

enum class EventKind : ULONG {
    ProcessCreate = 1,
    ProcessExit,
    ThreadCreate,
    ThreadExit,
    RegistrySetValue,
};

struct SecmonEvent {
    EventKind     Kind;
    ULONG         Reserved;
    LARGE_INTEGER Time;
    ULONG_PTR     ProcessId;
    ULONG_PTR     ThreadOrParentId;
    WCHAR         Detail[64];
};

namespace secmon {

//
// Fixed-capacity event ring; overwrites the oldest entry when full.
//
class EventRing {
public:
    EventRing() noexcept : m_Entries(nullptr), m_Capacity(0), m_Head(0), m_Count(0), m_Lost(0)
    {
        KeInitializeSpinLock(&m_Lock);
    }
    ~EventRing();

    EventRing(const EventRing&) = delete;
    EventRing& operator=(const EventRing&) = delete;

    NTSTATUS Initialize(ULONG capacity) noexcept;
    void Push(const SecmonEvent& ev) noexcept;
    ULONG Drain(_Out_writes_(maxEvents) SecmonEvent* out, ULONG maxEvents) noexcept;

private:
    SecmonEvent* m_Entries;
    ULONG        m_Capacity;
    ULONG        m_Head;
    ULONG        m_Count;
    ULONG        m_Lost;
    KSPIN_LOCK   m_Lock;
};

//
// Resource traits used by Monitor's members.
//
struct DeviceObjectTraits {
    using Type = PDEVICE_OBJECT;
    static void Close(Type value) noexcept { IoDeleteDevice(value); }
};

struct SymbolicLinkTraits {
    using Type = PCUNICODE_STRING;
    static void Close(Type value) noexcept
    {
        IoDeleteSymbolicLink(const_cast<PUNICODE_STRING>(value));
    }
};

struct ProcessNotifyTraits {
    using Type = PCREATE_PROCESS_NOTIFY_ROUTINE_EX;
    static void Close(Type value) noexcept
    {
        (void)PsSetCreateProcessNotifyRoutineEx(value, TRUE);
    }
};

struct ThreadNotifyTraits {
    using Type = PCREATE_THREAD_NOTIFY_ROUTINE;
    static void Close(Type value) noexcept
    {
        (void)PsRemoveCreateThreadNotifyRoutine(value);
    }
};

struct RegistryCallbackTraits {
    using Type = LONGLONG;
    static void Close(Type value) noexcept
    {
        LARGE_INTEGER cookie;
        cookie.QuadPart = value;
        (void)CmUnRegisterCallback(cookie);
    }
};

//
// The monitor owns every registration. Members are destroyed in reverse
// declaration order, so the callbacks go away before the ring they write to.
//
class Monitor {
public:
    static constexpr ULONG PoolTag = SECMON_TAG;

    explicit Monitor(PDRIVER_OBJECT driverObject) noexcept : m_DriverObject(driverObject) {}
    ~Monitor();

    Monitor(const Monitor&) = delete;
    Monitor& operator=(const Monitor&) = delete;

    _IRQL_requires_(PASSIVE_LEVEL)
    NTSTATUS Initialize(ULONG ringCapacity) noexcept;

    EventRing& Ring() noexcept { return m_Ring; }
    PDEVICE_OBJECT Device() const noexcept { return m_Device.Get(); }

    static Monitor* Instance() noexcept { return s_Instance; }

private:
    NTSTATUS CreateControlDevice() noexcept;
    NTSTATUS RegisterCallbacks() noexcept;

    static void ProcessNotify(PEPROCESS process, HANDLE pid, PPS_CREATE_NOTIFY_INFO info);
    static void ThreadNotify(HANDLE pid, HANDLE tid, BOOLEAN create);
    static NTSTATUS RegistryNotify(PVOID context, PVOID arg1, PVOID arg2);

    static Monitor* volatile s_Instance;

    PDRIVER_OBJECT                                   m_DriverObject;
    EventRing                                        m_Ring;
    kutil::UniqueResource<DeviceObjectTraits>        m_Device;
    kutil::UniqueResource<SymbolicLinkTraits>        m_Link;
    kutil::UniqueResource<ProcessNotifyTraits>       m_ProcessNotify;
    kutil::UniqueResource<ThreadNotifyTraits>        m_ThreadNotify;
    kutil::UniqueResource<RegistryCallbackTraits>    m_RegistryCallback;
};

} // namespace secmon

extern "C" DRIVER_INITIALIZE DriverEntry;
