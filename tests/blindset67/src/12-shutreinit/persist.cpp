// persist.cpp -- registry load/save for UptimeKeeper

#include "uptime.h"

namespace ut {

NTSTATUS CopyServiceKey(PCUNICODE_STRING RegistryPath)
{
    const USHORT cb = RegistryPath->Length + sizeof(UNICODE_NULL);

    auto buf = static_cast<PWCH>(ExAllocatePoolWithTag(PagedPool, cb, UT_TAG));
    if (buf == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(buf, RegistryPath->Buffer, RegistryPath->Length);
    buf[RegistryPath->Length / sizeof(WCHAR)] = UNICODE_NULL;

    g.ServiceKey.Buffer        = buf;
    g.ServiceKey.Length        = RegistryPath->Length;
    g.ServiceKey.MaximumLength = cb;
    return STATUS_SUCCESS;
}

void FreeServiceKey()
{
    if (g.ServiceKey.Buffer != nullptr) {
        ExFreePoolWithTag(g.ServiceKey.Buffer, UT_TAG);
        RtlZeroMemory(&g.ServiceKey, sizeof(g.ServiceKey));
    }
}

ULONG LoadTotal()
{
    ULONG value = 0;
    ULONG zero  = 0;

    RTL_QUERY_REGISTRY_TABLE q[2] = {};
    q[0].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    q[0].Name          = const_cast<PWSTR>(UT_VALUE_NAME);
    q[0].EntryContext  = &value;
    q[0].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    q[0].DefaultData   = &zero;
    q[0].DefaultLength = sizeof(zero);

    NTSTATUS status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, g.ServiceKey.Buffer,
                                             q, nullptr, nullptr);
    if (!NT_SUCCESS(status)) {
        UTLOG("no saved total (%08X), starting at 0", status);
        return 0;
    }
    return value;
}

NTSTATUS SaveTotal()
{
    PAGED_CODE();

    ExAcquireFastMutex(&g.SaveLock);
    ULONG minutes = static_cast<ULONG>(g.TotalMinutes);
    NTSTATUS status = RtlWriteRegistryValue(RTL_REGISTRY_ABSOLUTE, g.ServiceKey.Buffer,
                                            UT_VALUE_NAME, REG_DWORD,
                                            &minutes, sizeof(minutes));
    ExReleaseFastMutex(&g.SaveLock);

    if (!NT_SUCCESS(status)) {
        UTLOG("RtlWriteRegistryValue %08X", status);
    }
    return status;
}

} // namespace ut
