// Config.h - settings from HKLM\SYSTEM\CurrentControlSet\Services\regmon\Parameters
#pragma once

#include "kx.h"

namespace regmon {

struct Config {
    ULONG MaxEntries;        // "MaxEntries"   REG_DWORD, default 1024
    ULONG LogSetValue;       // "LogSetValue"  REG_DWORD, default 1
    ULONG LogDeleteKey;      // "LogDeleteKey" REG_DWORD, default 1
    WCHAR Altitude[24];      // "Altitude"     REG_SZ,    default 385201
};

NTSTATUS OpenParametersKey(_In_ PCUNICODE_STRING RegistryPath, _Out_ HANDLE* Key);
NTSTATUS QueryDword(_In_ HANDLE Key, _In_ PCWSTR Name, _Out_ ULONG* Value);
NTSTATUS QueryString(_In_ HANDLE Key, _In_ PCWSTR Name, _Out_writes_(Chars) PWCHAR Out, _In_ ULONG Chars);
void LoadConfig(_In_ PCUNICODE_STRING RegistryPath, _Out_ Config* Cfg);

} // namespace regmon
