/*++
    RegGuard - registry callback, image-load notification and the
    protected-prefix table.
--*/
#include "regguard.h"

static BOOLEAN
RgIsProtectedLocked(_In_ PCUNICODE_STRING KeyPath)
{
    PLIST_ENTRY entry;

    for (entry = g_Rg.Prefixes.Flink; entry != &g_Rg.Prefixes; entry = entry->Flink) {
        PRG_PREFIX prefix = CONTAINING_RECORD(entry, RG_PREFIX, Link);
        if (RtlPrefixUnicodeString(&prefix->Path, KeyPath, TRUE)) {
            return TRUE;
        }
    }
    return FALSE;
}

static BOOLEAN
RgShouldDeny(_In_ PVOID KeyObject)
{
    PCUNICODE_STRING keyName = NULL;
    BOOLEAN deny;

    if (!NT_SUCCESS(CmCallbackGetKeyObjectIDEx(&g_Rg.CmCookie, KeyObject, NULL, &keyName, 0))) {
        return FALSE;
    }

    ExEnterCriticalRegionAndAcquireResourceShared(&g_Rg.PrefixLock);
    deny = RgIsProtectedLocked(keyName);
    ExReleaseResourceAndLeaveCriticalRegion(&g_Rg.PrefixLock);

    CmCallbackReleaseKeyObjectIDEx(keyName);
    return deny;
}

NTSTATUS
RgRegistryCallback(_In_ PVOID CallbackContext, _In_opt_ PVOID Argument1, _In_opt_ PVOID Argument2)
{
    REG_NOTIFY_CLASS notifyClass = (REG_NOTIFY_CLASS)(ULONG_PTR)Argument1;
    PVOID keyObject;
    NTSTATUS result = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(CallbackContext);

    if (Argument2 == NULL || ExGetPreviousMode() == KernelMode) {
        return STATUS_SUCCESS;
    }

    switch (notifyClass) {
    case RegNtPreSetValueKey:
        keyObject = ((PREG_SET_VALUE_KEY_INFORMATION)Argument2)->Object;
        break;
    case RegNtPreDeleteValueKey:
        keyObject = ((PREG_DELETE_VALUE_KEY_INFORMATION)Argument2)->Object;
        break;
    case RegNtPreDeleteKey:
        keyObject = ((PREG_DELETE_KEY_INFORMATION)Argument2)->Object;
        break;
    case RegNtPreRenameKey:
        keyObject = ((PREG_RENAME_KEY_INFORMATION)Argument2)->Object;
        break;
    default:
        return STATUS_SUCCESS;
    }

    if (!ExAcquireRundownProtection(&g_Rg.Rundown)) {
        return STATUS_SUCCESS;
    }

    if (RgShouldDeny(keyObject)) {
        InterlockedIncrement(&g_Rg.WritesDenied);
        result = STATUS_ACCESS_DENIED;
    }

    ExReleaseRundownProtection(&g_Rg.Rundown);
    return result;
}

VOID
RgImageNotify(_In_opt_ PUNICODE_STRING FullImageName, _In_ HANDLE ProcessId, _In_ PIMAGE_INFO ImageInfo)
{
    UNREFERENCED_PARAMETER(FullImageName);
    UNREFERENCED_PARAMETER(ProcessId);

    if (!ExAcquireRundownProtection(&g_Rg.Rundown)) {
        return;
    }

    InterlockedIncrement(&g_Rg.ImagesLoaded);
    if (ImageInfo->SystemModeImage) {
        InterlockedIncrement(&g_Rg.KernelImagesLoaded);
    }

    ExReleaseRundownProtection(&g_Rg.Rundown);
}

NTSTATUS
RgAddPrefix(_In_reads_bytes_(Bytes) PCWCH Path, _In_ USHORT Bytes)
{
    PRG_PREFIX prefix;
    NTSTATUS status = STATUS_SUCCESS;

    PAGED_CODE();

    if (Bytes == 0 || Bytes > RG_MAX_PREFIX_BYTES || (Bytes % sizeof(WCHAR)) != 0) {
        return STATUS_INVALID_PARAMETER;
    }

    prefix = (PRG_PREFIX)ExAllocatePool2(POOL_FLAG_PAGED, sizeof(RG_PREFIX) + Bytes, RG_TAG_PREFIX);
    if (prefix == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    prefix->Path.Buffer = (PWCH)(prefix + 1);
    prefix->Path.Length = Bytes;
    prefix->Path.MaximumLength = Bytes;
    RtlCopyMemory(prefix->Path.Buffer, Path, Bytes);

    ExEnterCriticalRegionAndAcquireResourceExclusive(&g_Rg.PrefixLock);
    if (g_Rg.PrefixCount >= RG_MAX_PREFIXES) {
        status = STATUS_QUOTA_EXCEEDED;
    } else {
        InsertTailList(&g_Rg.Prefixes, &prefix->Link);
        g_Rg.PrefixCount++;
        prefix = NULL;                  // owned by the list now
    }
    ExReleaseResourceAndLeaveCriticalRegion(&g_Rg.PrefixLock);

    if (prefix != NULL) {
        ExFreePoolWithTag(prefix, RG_TAG_PREFIX);
    }
    return status;
}

VOID
RgClearPrefixes(VOID)
{
    LIST_ENTRY detached;

    PAGED_CODE();

    InitializeListHead(&detached);

    ExEnterCriticalRegionAndAcquireResourceExclusive(&g_Rg.PrefixLock);
    while (!IsListEmpty(&g_Rg.Prefixes)) {
        InsertTailList(&detached, RemoveHeadList(&g_Rg.Prefixes));
    }
    g_Rg.PrefixCount = 0;
    ExReleaseResourceAndLeaveCriticalRegion(&g_Rg.PrefixLock);

    while (!IsListEmpty(&detached)) {
        ExFreePoolWithTag(CONTAINING_RECORD(RemoveHeadList(&detached), RG_PREFIX, Link), RG_TAG_PREFIX);
    }
}
