// RegFilter.h - the CmRegisterCallbackEx part
#pragma once

#include "kx.h"
#include "Config.h"

namespace regmon {

enum class OpKind : USHORT { SetValue = 1, DeleteKey = 2 };

struct LogRecord {
    OpKind Kind;
    USHORT NameChars;
    ULONG  ProcessId;
    WCHAR  Name[120];
};

class RegFilter {
public:
    static NTSTATUS Start(PDRIVER_OBJECT DriverObject, const Config* Cfg);
    static void Stop();
    static ULONG Fetch(LogRecord* out, ULONG maxRecords);

private:
    struct Entry {
        LIST_ENTRY Link;
        LogRecord Rec;
    };

    static NTSTATUS OnRegistry(PVOID Context, PVOID Argument1, PVOID Argument2);
    static void Record(OpKind kind, PVOID keyObject, PCUNICODE_STRING valueName);

    static LARGE_INTEGER s_cookie;
    static UNICODE_STRING s_altitude;
    static const Config* s_cfg;
    static kx::SpinLock s_lock;
    static LIST_ENTRY s_list;
    static ULONG s_count;
    static bool s_registered;
};

} // namespace regmon
