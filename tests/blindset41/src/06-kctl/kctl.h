#pragma once
#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define KCTL_TAG        'ltcK'
#define KCTL_NT_NAME    L"\\Device\\KCtl"
#define KCTL_DOS_NAME   L"\\DosDevices\\KCtl"

#define KCTL_DEVICE_TYPE        0x9a21
#define IOCTL_KCTL_GET_STATS    CTL_CODE(KCTL_DEVICE_TYPE, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_KCTL_RESET        CTL_CODE(KCTL_DEVICE_TYPE, 0x901, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_KCTL_ECHO         CTL_CODE(KCTL_DEVICE_TYPE, 0x902, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define KctlInfo(fmt, ...)  KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "kctl: " fmt "\n", __VA_ARGS__))
#define KctlErr(fmt, ...)   KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "kctl: ERROR " fmt "\n", __VA_ARGS__))

#define RETURN_IF_NT_FAILED(expr)                                               \
    do {                                                                        \
        const NTSTATUS _s = (expr);                                             \
        if (!NT_SUCCESS(_s)) {                                                  \
            KctlErr("%s -> 0x%08X @ %s:%d", #expr, _s, __FILE__, __LINE__);     \
            return _s;                                                          \
        }                                                                       \
    } while (0)

struct KCTL_STATS {
    LONG64 Opens;
    LONG64 Ioctls;
    LONG64 BytesEchoed;
};

struct DEVICE_CONTEXT {
    KCTL_STATS Stats;
    LONG       OpenHandles;
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, KctlGetContext)

namespace kctl {

template <typename F>
class scope_exit {
public:
    explicit scope_exit(F fn) : m_fn(fn) {}
    ~scope_exit() { if (m_active) m_fn(); }
    void dismiss() { m_active = false; }
    scope_exit(const scope_exit&) = delete;
    scope_exit& operator=(const scope_exit&) = delete;
private:
    F    m_fn;
    bool m_active = true;
};

class ControlDevice {
public:
    [[nodiscard]] static NTSTATUS Create(WDFDRIVER Driver);
    static WDFDEVICE Handle() { return s_Device; }
    static void Forget() { s_Device = nullptr; }

private:
    static EVT_WDF_DEVICE_FILE_CREATE   OnFileCreate;
    static EVT_WDF_FILE_CLOSE           OnFileClose;
    static EVT_WDF_OBJECT_CONTEXT_CLEANUP OnCleanup;

    static WDFDEVICE s_Device;
};

[[nodiscard]] NTSTATUS CreateQueue(WDFDEVICE Device);

} // namespace kctl
