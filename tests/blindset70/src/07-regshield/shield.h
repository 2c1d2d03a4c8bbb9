#pragma once
#include <ntddk.h>

#define RS_TAG        'hSgR'
#define RS_ALTITUDE   L"380777"
#define RS_MAX_RULES  8

#define LOG(fmt, ...)   KdPrint(("[RegShield] " fmt "\n", __VA_ARGS__))
#define CHECK(st, what) if (!NT_SUCCESS(st)) { LOG(what " failed: 0x%08X", st); }

namespace rs {

class Shield {
public:
    static NTSTATUS Init(PDRIVER_OBJECT DriverObject);
    static void     Shutdown();

    static NTSTATUS AddRule(PCWSTR KeyPath);
    static void     FreeRules();

    static void     StartStats();

    static LARGE_INTEGER s_Cookie;
    static ERESOURCE     s_Lock;
    static bool          s_LockReady;
    static UNICODE_STRING s_Rules[RS_MAX_RULES];
    static ULONG         s_RuleCount;
    static volatile LONG s_Blocked;

    static KTIMER        s_Timer;
    static KDPC          s_Dpc;

private:
    static NTSTATUS RegistryCallback(PVOID Context, PVOID Arg1, PVOID Arg2);
    static bool     IsProtected(PVOID KeyObject);
    static KDEFERRED_ROUTINE StatsDpc;
};

// shared lock helper
struct SharedLock {
    PERESOURCE r;
    explicit SharedLock(PERESOURCE res) : r(res) {
        KeEnterCriticalRegion();
        ExAcquireResourceSharedLite(r, TRUE);
    }
    ~SharedLock() {
        ExReleaseResourceLite(r);
        KeLeaveCriticalRegion();
    }
};

} // namespace rs
