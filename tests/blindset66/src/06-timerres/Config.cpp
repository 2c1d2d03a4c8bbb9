#include "Config.h"

namespace tr
{
    UNICODE_STRING g_ServiceKey = {};

    NTSTATUS LoadSettings(_In_ PCUNICODE_STRING ServiceKey, _Out_ Settings& out)
    {
        out = Settings{};

        // "<service key>\Parameters"
        WCHAR pathBuf[256];
        UNICODE_STRING path;
        RtlInitEmptyUnicodeString(&path, pathBuf, sizeof(pathBuf));

        auto status = RtlAppendUnicodeStringToString(&path, ServiceKey);
        if (NT_SUCCESS(status)) {
            status = RtlAppendUnicodeToString(&path, L"\\Parameters");
        }
        if (!NT_SUCCESS(status)) {
            return status;
        }

        KeyHandle key;
        status = key.Open(&path);
        if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
            // no Parameters key, defaults are fine
            return STATUS_SUCCESS;
        }
        if (!NT_SUCCESS(status)) {
            return status;
        }

        auto readDword = [&](PCWSTR name, ULONG def) -> ULONG
        {
            UCHAR raw[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
            auto info = reinterpret_cast<PKEY_VALUE_PARTIAL_INFORMATION>(raw);
            UNICODE_STRING valueName;
            ULONG got = 0;

            RtlInitUnicodeString(&valueName, name);
            auto st = ZwQueryValueKey(key.Get(), &valueName, KeyValuePartialInformation,
                                      info, sizeof(raw), &got);
            if (!NT_SUCCESS(st) || info->Type != REG_DWORD || info->DataLength != sizeof(ULONG)) {
                return def;
            }
            return *reinterpret_cast<PULONG>(info->Data);
        };

        out.Enabled         = readDword(L"Enabled", out.Enabled);
        out.Resolution100ns = readDword(L"Resolution100ns", out.Resolution100ns);
        out.PollSeconds     = readDword(L"PollSeconds", out.PollSeconds);

        // clamp to something sane
        if (out.Resolution100ns < 5000)   out.Resolution100ns = 5000;
        if (out.Resolution100ns > 156250) out.Resolution100ns = 156250;
        if (out.PollSeconds == 0)         out.PollSeconds = 1;

        return STATUS_SUCCESS;
    }
}
