#pragma once
#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define KRW_TAG             'wRgK'
#define KRW_ALTITUDE        L"365410"
#define KRW_NT_NAME         L"\\Device\\KRegWatch"
#define KRW_DOS_NAME        L"\\DosDevices\\KRegWatch"
#define KRW_RING_SIZE       64
#define KRW_KEY_CHARS       128
#define KRW_VALUE_CHARS     64

#define KRW_DEVICE_TYPE     0x9b40
#define IOCTL_KRW_READ      CTL_CODE(KRW_DEVICE_TYPE, 0x910, METHOD_BUFFERED, FILE_READ_ACCESS)

#define KrwTrace(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "KRegWatch: " fmt "\n", __VA_ARGS__)
#define KrwError(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "KRegWatch: " fmt "\n", __VA_ARGS__)

#define RETURN_IF_NT_FAILED(expr)                                       \
    do {                                                                \
        NTSTATUS _krw = (expr);                                         \
        if (!NT_SUCCESS(_krw)) {                                        \
            KrwError("%s -> 0x%08X (line %d)", #expr, _krw, __LINE__);  \
            return _krw;                                                \
        }                                                               \
    } while (0)

struct KRW_EVENT {
    LARGE_INTEGER Time;
    ULONG         ProcessId;
    WCHAR         Key[KRW_KEY_CHARS];
    WCHAR         Value[KRW_VALUE_CHARS];
};

namespace krw {

class EventRing {
public:
    void Init()
    {
        KeInitializeSpinLock(&m_lock);
        m_head = m_count = 0;
    }
    void Push(const KRW_EVENT& ev);
    ULONG Pop(KRW_EVENT* out, ULONG max);

private:
    KSPIN_LOCK m_lock;
    ULONG      m_head;
    ULONG      m_count;
    KRW_EVENT  m_events[KRW_RING_SIZE];
};

// owns a WDFDEVICE_INIT until WdfDeviceCreate takes it (and NULLs it)
class DeviceInit {
public:
    explicit DeviceInit(PWDFDEVICE_INIT init) : m_init(init) {}
    ~DeviceInit() { if (m_init) WdfDeviceInitFree(m_init); }
    DeviceInit(const DeviceInit&) = delete;
    DeviceInit& operator=(const DeviceInit&) = delete;

    PWDFDEVICE_INIT get() const { return m_init; }
    PWDFDEVICE_INIT* addressof() { return &m_init; }
    explicit operator bool() const { return m_init != nullptr; }

private:
    PWDFDEVICE_INIT m_init;
};

struct Globals {
    WDFDEVICE       ControlDevice;
    EventRing*      Ring;
    UNICODE_STRING  ServiceKey;     // private copy of RegistryPath
    LARGE_INTEGER   Cookie;
    bool            CallbackRegistered;
};

extern Globals g;

[[nodiscard]] NTSTATUS CreateControlDevice(WDFDRIVER Driver);
NTSTATUS OnRegistryNotify(PVOID CallbackContext, PVOID Argument1, PVOID Argument2);

} // namespace krw
