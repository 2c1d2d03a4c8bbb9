#pragma once
#include "util.h"

#define RG_ALTITUDE L"380123"

namespace rg {

class Config {
public:
    static NTSTATUS Load(_In_ PCUNICODE_STRING RegistryPath);
    static void     Free();

    static PCUNICODE_STRING ProtectedKey() { return &s_protectedKey; }
    static PCUNICODE_STRING ServiceKey()   { return &s_serviceKey; }

private:
    static UNICODE_STRING s_protectedKey;
    static UNICODE_STRING s_serviceKey;
};

class RegGuard {
public:
    static NTSTATUS Start(_In_ PDRIVER_OBJECT DriverObject);
    static void     Stop();
    static LONG     Blocked() { return s_blocked; }

private:
    static NTSTATUS OnRegistry(PVOID Context, PVOID Argument1, PVOID Argument2);
    static bool     IsProtected(PVOID KeyObject);

    static LARGE_INTEGER s_cookie;
    static bool          s_registered;
    static volatile LONG s_blocked;
};

} // namespace rg
