//
// config.cpp - service key parameters
//
#include "iocf.h"

namespace iocf {

UNICODE_STRING Config::s_ServiceKey = {};
ULONG          Config::s_Enabled    = 1;

NTSTATUS
Config::Load(
    _In_ PCUNICODE_STRING RegistryPath
    )
{
    // Own copy of the path; the caller's buffer is only valid during
    // DriverEntry. +1 WCHAR so RtlQueryRegistryValues gets a terminator.
    USHORT cb = RegistryPath->Length + sizeof(WCHAR);
    s_ServiceKey.Buffer = static_cast<PWCH>(ExAllocatePool2(POOL_FLAG_PAGED, cb, IOCF_TAG));
    if (s_ServiceKey.Buffer == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    s_ServiceKey.MaximumLength = cb;
    RtlCopyUnicodeString(&s_ServiceKey, RegistryPath);

    ULONG enabled = 1, defEnabled = 1;
    RTL_QUERY_REGISTRY_TABLE table[2] = {};
    table[0].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name          = const_cast<PWSTR>(L"Enabled");
    table[0].EntryContext  = &enabled;
    table[0].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData   = &defEnabled;
    table[0].DefaultLength = sizeof(ULONG);

    NTSTATUS status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                             s_ServiceKey.Buffer, table, nullptr, nullptr);
    s_Enabled = NT_SUCCESS(status) ? enabled : 1;
    return STATUS_SUCCESS;
}

void
Config::Free()
{
    if (s_ServiceKey.Buffer != nullptr) {
        ExFreePoolWithTag(s_ServiceKey.Buffer, IOCF_TAG);
        s_ServiceKey = {};
    }
}

NTSTATUS
CompleteIrp(_Inout_ PIRP Irp, _In_ NTSTATUS Status)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

} // namespace iocf
