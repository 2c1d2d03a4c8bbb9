#pragma once
#include <ntddk.h>
#include "Pool.h"

#define RG_TAG          'dGgR'
#define RG_ALTITUDE     L"385201"
#define RG_MAX_KEYS     8

#define RgLog(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "[regguard] " fmt "\n", __VA_ARGS__)
#define RgErr(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[regguard] !! " fmt "\n", __VA_ARGS__)

#define RETURN_IF_NT_FAILED(x)                                          \
    do {                                                                \
        NTSTATUS _rgst = (x);                                           \
        if (!NT_SUCCESS(_rgst)) { RgErr(#x " = 0x%08X", _rgst); return _rgst; } \
    } while (0)

struct FilterContext {
    ULONG           KeyCount;
    UNICODE_STRING  Keys[RG_MAX_KEYS];
    volatile LONG   Denied;
    volatile LONG   Seen;
    bool            AuditOnly;

    [[nodiscard]] NTSTATUS Initialize(bool auditOnly);
    [[nodiscard]] bool IsProtected(PCUNICODE_STRING KeyName) const;
};

struct RegGuardGlobals {
    PDRIVER_OBJECT   DriverObject;
    PUNICODE_STRING  ServiceKey;
    LARGE_INTEGER    Cookie;
    FilterContext*   Context;
};

extern RegGuardGlobals g_Rg;

using ContextPtr = rg::PoolPtr<FilterContext, RG_TAG>;

namespace RegFilter {
    NTSTATUS OnRegistry(PVOID CallbackContext, PVOID Argument1, PVOID Argument2);
}
