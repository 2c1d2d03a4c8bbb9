#pragma once
//
// InitFlags.h - which parts of ProcWatch came up, so one teardown routine
// can serve both DriverEntry's error path and DriverUnload.
//

#include <ntddk.h>

enum class InitFlags : ULONG {
    None          = 0,
    EventBuffer   = 0x01,
    Device        = 0x02,
    SymLink       = 0x04,
    ProcessNotify = 0x08,
    ThreadNotify  = 0x10,
    ImageNotify   = 0x20,
};
DEFINE_ENUM_FLAG_OPERATORS(InitFlags);

constexpr bool Has(InitFlags set, InitFlags bit) {
    return (set & bit) == bit;
}
