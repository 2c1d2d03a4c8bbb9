#include "allowlist.h"
#include <ntstrsafe.h>

namespace rg {

ERESOURCE       AllowList::s_Lock;
PUNICODE_STRING AllowList::s_Entries = nullptr;
ULONG           AllowList::s_Count = 0;
ULONG           AllowList::s_Capacity = 0;

bool AllowList::Initialize()
{
    NTSTATUS status = ExInitializeResourceLite(&s_Lock);
    if (!NT_SUCCESS(status)) {
        RG_ERR("ExInitializeResourceLite 0x%08X", status);
        return false;
    }

    s_Entries = static_cast<PUNICODE_STRING>(
        ExAllocatePool2(POOL_FLAG_PAGED, kInitialCapacity * sizeof(UNICODE_STRING), RG_TAG));
    if (!s_Entries) {
        ExDeleteResourceLite(&s_Lock);
        return false;
    }

    s_Capacity = kInitialCapacity;
    s_Count = 0;
    return true;
}

void AllowList::Destroy()
{
    {
        ExclusiveLock lock(&s_Lock);

        for (ULONG i = 0; i < s_Count; i++) {
            if (s_Entries[i].Buffer) {
                ExFreePoolWithTag(s_Entries[i].Buffer, RG_TAG);
            }
        }
        if (s_Entries) {
            ExFreePoolWithTag(s_Entries, RG_TAG);
            s_Entries = nullptr;
        }
        s_Count = 0;
        s_Capacity = 0;
    }

    RG_LOG("allow-list destroyed");
}

NTSTATUS AllowList::Add(_In_ PCWSTR imageName)
{
    UNICODE_STRING src;
    NTSTATUS status = RtlUnicodeStringInit(&src, imageName);
    if (!NT_SUCCESS(status) || src.Length == 0) {
        return STATUS_INVALID_PARAMETER;
    }

    ExclusiveLock lock(&s_Lock);

    if (s_Count == s_Capacity) {
        ULONG newCap = s_Capacity * 2;
        auto grown = static_cast<PUNICODE_STRING>(
            ExAllocatePool2(POOL_FLAG_PAGED, newCap * sizeof(UNICODE_STRING), RG_TAG));
        if (!grown) {
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        RtlCopyMemory(grown, s_Entries, s_Count * sizeof(UNICODE_STRING));
        ExFreePoolWithTag(s_Entries, RG_TAG);
        s_Entries = grown;
        s_Capacity = newCap;
    }

    PUNICODE_STRING slot = &s_Entries[s_Count];
    slot->Buffer = static_cast<PWCH>(ExAllocatePool2(POOL_FLAG_PAGED, src.Length, RG_TAG));
    if (!slot->Buffer) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(slot->Buffer, src.Buffer, src.Length);
    slot->Length = slot->MaximumLength = src.Length;
    s_Count++;

    RG_LOG("allow-list += %wZ", slot);
    return STATUS_SUCCESS;
}

bool AllowList::IsAllowed(_In_ PCUNICODE_STRING fullImagePath)
{
    if (!fullImagePath || !fullImagePath->Buffer) {
        return false;
    }

    // strip the directory, compare only the file name
    UNICODE_STRING fileName = *fullImagePath;
    USHORT chars = fullImagePath->Length / sizeof(WCHAR);
    for (USHORT i = chars; i > 0; i--) {
        if (fullImagePath->Buffer[i - 1] == L'\\') {
            fileName.Buffer = &fullImagePath->Buffer[i];
            fileName.Length = static_cast<USHORT>((chars - i) * sizeof(WCHAR));
            fileName.MaximumLength = fileName.Length;
            break;
        }
    }

    SharedLock lock(&s_Lock);

    for (ULONG i = 0; i < s_Count; i++) {
        if (RtlEqualUnicodeString(&fileName, &s_Entries[i], TRUE)) {
            return true;
        }
    }
    return false;
}

} // namespace rg
