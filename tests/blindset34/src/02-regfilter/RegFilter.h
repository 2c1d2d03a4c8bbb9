#pragma once
#include "Kernel.h"

#define RW_EVENT_TAG   'vEwR'
#define RW_MAX_EVENTS  1024
#define RW_KEY_CHARS   200
#define RW_VALUE_CHARS 64

#define IOCTL_RW_DRAIN CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)

//
// Record handed to user mode (fixed size, copied as-is).
//
struct RegEventRecord {
    LARGE_INTEGER    Time;
    ULONG            ProcessId;
    REG_NOTIFY_CLASS Kind;
    WCHAR            Key[RW_KEY_CHARS];
    WCHAR            Value[RW_VALUE_CHARS];
};

struct RegEvent {
    LIST_ENTRY     Link;
    RegEventRecord Data;
};

class RegFilter {
public:
    NTSTATUS Start(_In_ PDRIVER_OBJECT DriverObject);
    void     Stop();
    ULONG    Drain(_Out_writes_bytes_(Length) PVOID Buffer, _In_ ULONG Length);

private:
    static NTSTATUS OnRegistry(_In_ PVOID Context, _In_opt_ PVOID Argument1, _In_opt_ PVOID Argument2);

    void Record(_In_ REG_NOTIFY_CLASS Kind, _In_ PVOID KeyObject, _In_opt_ PCUNICODE_STRING ValueName);
    bool IsWatched(_In_ PCUNICODE_STRING KeyName) const;
    void Push(_In_ RegEvent* Event);

    LARGE_INTEGER                     m_Cookie;
    bool                              m_Registered;
    Resource                          m_Lock;
    LIST_ENTRY                        m_Events;
    ULONG                             m_Count;
    Lookaside<RegEvent, RW_EVENT_TAG> m_Pool;
};
