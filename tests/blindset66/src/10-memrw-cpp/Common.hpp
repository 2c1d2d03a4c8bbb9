#pragma once

extern "C" {
#include <ntifs.h>
}

#define MRW_TAG         'wrMC'
#define MRW_DEVICE      L"\\Device\\MemRwCpp"
#define MRW_LINK        L"\\??\\MemRwCpp"

#define MRW_LOG(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[memrw] " fmt "\n", __VA_ARGS__)

namespace mrw
{
    constexpr ULONG kDeviceType = 0x9C41;
    constexpr ULONG kMaxTransfer = 16 * PAGE_SIZE;

    constexpr ULONG IoctlRead  = CTL_CODE(kDeviceType, 0x901, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS);
    constexpr ULONG IoctlWrite = CTL_CODE(kDeviceType, 0x902, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS);

    struct CopyRequest
    {
        ULONG64 ProcessId;
        ULONG64 TargetAddress;
        ULONG64 CallerBuffer;
        ULONG64 Size;
    };

    //
    // runs a lambda at scope exit unless dismissed
    //
    template <typename F>
    class ScopeExit
    {
    public:
        explicit ScopeExit(F f) : m_f(f) {}
        ~ScopeExit() { if (m_active) m_f(); }
        void Dismiss() { m_active = false; }

        ScopeExit(const ScopeExit&) = delete;
        ScopeExit& operator=(const ScopeExit&) = delete;

    private:
        F    m_f;
        bool m_active = true;
    };

    template <typename F>
    ScopeExit<F> MakeScopeExit(F f) { return ScopeExit<F>(f); }
}
