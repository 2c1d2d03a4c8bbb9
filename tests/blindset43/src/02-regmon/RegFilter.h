#pragma once

#include "kutil.h"

#define REGMON_TAG          'nmGR'
#define REGMON_ALTITUDE     L"385201"
#define REGMON_MAX_QUEUED   4096

#define REGMON_DEVICE       L"\\Device\\RegMon"
#define REGMON_LINK         L"\\??\\RegMon"

#define IOCTL_REGMON_READ   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)

#define RMLOG(fmt, ...)  KdPrint(("regmon: " fmt "\n", __VA_ARGS__))

enum RegmonOp : ULONG {
    RegmonSetValue    = 1,
    RegmonDeleteValue = 2,
    RegmonDeleteKey   = 3,
};

#pragma pack(push, 8)
struct REGMON_EVENT {
    ULONG         Op;
    ULONG         ProcessId;
    LARGE_INTEGER Time;
    WCHAR         Key[260];
    WCHAR         Value[64];
};
#pragma pack(pop)

namespace regmon {

struct RegRecord {
    LIST_ENTRY   Link;
    REGMON_EVENT Event;
};

class RegFilter {
public:
    static NTSTATUS Initialize(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath);
    static void     Shutdown();
    static ULONG    Drain(_Out_writes_(maxCount) REGMON_EVENT* out, ULONG maxCount);

private:
    static NTSTATUS OnRegistry(_In_opt_ PVOID CallbackContext, _In_opt_ PVOID Argument1, _In_opt_ PVOID Argument2);
    static void     Push(RegmonOp op, _In_ PVOID keyObject, _In_opt_ PCUNICODE_STRING valueName);
    static bool     IsOwnKey(_In_ PCUNICODE_STRING keyName);
    static void     SaveStats();

    static LARGE_INTEGER                          s_Cookie;
    static bool                                   s_Registered;
    static PUNICODE_STRING                        s_ServiceKey;
    static kutil::Lookaside<RegRecord, REGMON_TAG> s_Records;
    static kutil::SpinLock                        s_Lock;
    static LIST_ENTRY                             s_Queue;
    static ULONG                                  s_Queued;
    static ULONG                                  s_Dropped;
    static volatile LONG                          s_Total;
};

} // namespace regmon
