#pragma once
#include <ntddk.h>

#define SW_TAG          'krWS'
#define SW_DEVICE_NAME  L"\\Device\\SysWorker"
#define SW_SYMLINK_NAME L"\\??\\SysWorker"

#define SW_LOG(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "[sysworker] " fmt "\n", __VA_ARGS__)
#define SW_ERR(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[sysworker] " fmt "\n", __VA_ARGS__)

#define RETURN_IF_NT_FAILED(expr)                                   \
    do {                                                            \
        NTSTATUS __st = (expr);                                     \
        if (!NT_SUCCESS(__st)) {                                    \
            SW_ERR("%s -> 0x%08X", #expr, __st);                    \
            return __st;                                            \
        }                                                           \
    } while (0)

namespace sw {

template <typename Fn>
class Guard {
public:
    explicit Guard(Fn fn) : m_fn(fn) {}
    ~Guard() { if (m_armed) m_fn(); }
    void Dismiss() { m_armed = false; }
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;
private:
    Fn   m_fn;
    bool m_armed = true;
};

template <typename Fn>
[[nodiscard]] Guard<Fn> MakeGuard(Fn fn) { return Guard<Fn>(fn); }

class UniqueHandle {
public:
    explicit UniqueHandle(HANDLE h = nullptr) : m_h(h) {}
    ~UniqueHandle() { reset(); }
    UniqueHandle(const UniqueHandle&) = delete;
    UniqueHandle& operator=(const UniqueHandle&) = delete;

    HANDLE get() const { return m_h; }
    void reset(HANDLE h = nullptr)
    {
        if (m_h) {
            ZwClose(m_h);
        }
        m_h = h;
    }
private:
    HANDLE m_h;
};

} // namespace sw
