#include "sensclass.h"

static NTSTATUS
SensQueryUlong(
    _In_ PCWSTR Path,
    _In_ PCWSTR ValueName,
    _Inout_ PULONG Value
    )
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    ULONG defaultValue = *Value;

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = (PWSTR)ValueName;
    table[0].EntryContext = Value;
    table[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData = &defaultValue;
    table[0].DefaultLength = sizeof(ULONG);

    return RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                  Path, table, NULL, NULL);
}

//
// Builds "<service key>\Parameters[\<suffix>]" into a caller buffer.
//
static NTSTATUS
SensBuildParamPath(
    _In_ PCUNICODE_STRING ServiceKey,
    _In_opt_ PCWSTR Suffix,
    _Out_writes_(Chars) PWCHAR Buffer,
    _In_ SIZE_T Chars
    )
{
    NTSTATUS status;

    status = RtlStringCchPrintfW(Buffer, Chars, L"%wZ\\Parameters", ServiceKey);
    if (NT_SUCCESS(status) && Suffix != NULL) {
        status = RtlStringCchCatW(Buffer, Chars, L"\\");
        if (NT_SUCCESS(status)) {
            status = RtlStringCchCatW(Buffer, Chars, Suffix);
        }
    }
    return status;
}

BOOLEAN
SensInitDriverExtension(
    _Out_ PSENS_DRIVER_EXTENSION DrvExt,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WCHAR path[256];
    ULONG poll = SENS_DEFAULT_POLL_SECONDS;

    RtlZeroMemory(DrvExt, sizeof(SENS_DRIVER_EXTENSION));
    DrvExt->Signature = SENS_DRVEXT_SIGNATURE;
    DrvExt->RegistryPath = *RegistryPath;
    DrvExt->PollSeconds = SENS_DEFAULT_POLL_SECONDS;

    if (!NT_SUCCESS(SensBuildParamPath(&DrvExt->RegistryPath, NULL, path, RTL_NUMBER_OF(path)))) {
        return FALSE;
    }
    if (!NT_SUCCESS(SensQueryUlong(path, L"PollSeconds", &poll))) {
        return FALSE;
    }

    if (poll >= 1 && poll <= 3600) {
        DrvExt->PollSeconds = poll;
    }
    return TRUE;
}

//
// Called from SensInitDevice for every new FDO: a device can override the
// poll interval under Parameters\Device<N>.
//
BOOLEAN
SensQueryDeviceOverrides(
    _In_ PSENS_DRIVER_EXTENSION DrvExt,
    _In_ ULONG DeviceNumber,
    _Out_ PULONG PollSeconds
    )
{
    WCHAR suffix[16];
    WCHAR path[256];
    ULONG poll = DrvExt->PollSeconds;

    *PollSeconds = DrvExt->PollSeconds;

    if (!NT_SUCCESS(RtlStringCchPrintfW(suffix, RTL_NUMBER_OF(suffix), L"Device%lu", DeviceNumber))) {
        return FALSE;
    }
    if (!NT_SUCCESS(SensBuildParamPath(&DrvExt->RegistryPath, suffix, path, RTL_NUMBER_OF(path)))) {
        return FALSE;
    }
    if (!NT_SUCCESS(SensQueryUlong(path, L"PollSeconds", &poll))) {
        return FALSE;
    }

    if (poll >= 1 && poll <= 3600) {
        *PollSeconds = poll;
    }
    return TRUE;
}
