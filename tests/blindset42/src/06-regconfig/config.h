// config.h - settings read from HKLM\...\Services\<svc>\Parameters
#pragma once

#include <ntddk.h>

#define IMGLOG_TAG  'gLmI'

namespace cfg {

struct Settings
{
    ULONG           Enabled;        // 0 = don't register anything
    ULONG           Verbose;        // also DbgPrint every image
    ULONG           MaxLines;       // stop writing after this many lines
    ULONG           SkipSystem;     // ignore images loaded into pid 4
    UNICODE_STRING  LogFile;        // NT path, Buffer allocated by Rtl
};

NTSTATUS Load(_In_ PCUNICODE_STRING RegistryPath, _Inout_ Settings& s);
void     Free(_Inout_ Settings& s);
void     Dump(_In_ const Settings& s);

} // namespace cfg
