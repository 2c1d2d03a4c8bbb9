#pragma once

extern "C" {
#include <ntddk.h>
}

#define TR_TAG  'sRmT'

#define TR_LOG(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "timerres: " fmt "\n", __VA_ARGS__)

namespace tr
{
    //
    // HKLM\SYSTEM\CurrentControlSet\Services\timerres\Parameters
    //   Enabled          REG_DWORD  1
    //   Resolution100ns  REG_DWORD  5000   (0.5 ms)
    //   PollSeconds      REG_DWORD  10     (how often the key is re-read)
    //
    struct Settings
    {
        ULONG Enabled        = 1;
        ULONG Resolution100ns = 5000;
        ULONG PollSeconds    = 10;
    };

    // small RAII wrapper so every early return closes the key
    class KeyHandle
    {
    public:
        KeyHandle() = default;
        ~KeyHandle() { Close(); }
        KeyHandle(const KeyHandle&) = delete;
        KeyHandle& operator=(const KeyHandle&) = delete;

        NTSTATUS Open(PCUNICODE_STRING path)
        {
            OBJECT_ATTRIBUTES oa;
            InitializeObjectAttributes(&oa, const_cast<PUNICODE_STRING>(path),
                                       OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, nullptr);
            return ZwOpenKey(&m_h, KEY_READ, &oa);
        }
        void Close()
        {
            if (m_h) {
                ZwClose(m_h);
                m_h = nullptr;
            }
        }
        HANDLE Get() const { return m_h; }

    private:
        HANDLE m_h = nullptr;
    };

    NTSTATUS LoadSettings(_In_ PCUNICODE_STRING ServiceKey, _Out_ Settings& out);

    // set in DriverEntry, read by the worker when it re-reads the key
    extern UNICODE_STRING g_ServiceKey;
}
