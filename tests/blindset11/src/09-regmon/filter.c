/*
 * filter.c - configuration and the registry callback
 */
#include "regmon.h"

static VOID
RmRecord(REG_NOTIFY_CLASS Op, PCUNICODE_STRING KeyName)
{
    KIRQL irql;
    ULONG slot;
    USHORT chars;

    KeAcquireSpinLock(&g_Rm.EventLock, &irql);
    slot = (g_Rm.EventHead + g_Rm.EventCount) % RM_MAX_EVENTS;
    if (g_Rm.EventCount < RM_MAX_EVENTS) {
        g_Rm.EventCount++;
    } else {
        g_Rm.EventHead = (g_Rm.EventHead + 1) % RM_MAX_EVENTS;
    }

    RtlZeroMemory(&g_Rm.Events[slot], sizeof(RM_EVENT));
    g_Rm.Events[slot].Operation = (ULONG)Op;
    g_Rm.Events[slot].ProcessId = HandleToULong(PsGetCurrentProcessId());
    KeQuerySystemTime(&g_Rm.Events[slot].Time);
    chars = min(KeyName->Length / sizeof(WCHAR), RTL_NUMBER_OF(g_Rm.Events[slot].Key) - 1);
    RtlCopyMemory(g_Rm.Events[slot].Key, KeyName->Buffer, chars * sizeof(WCHAR));
    KeReleaseSpinLock(&g_Rm.EventLock, irql);
}

ULONG
RmCopyEvents(_Out_writes_(Max) PRM_EVENT Out, _In_ ULONG Max)
{
    KIRQL irql;
    ULONG n = 0;

    KeAcquireSpinLock(&g_Rm.EventLock, &irql);
    while (n < Max && n < g_Rm.EventCount) {
        Out[n] = g_Rm.Events[(g_Rm.EventHead + n) % RM_MAX_EVENTS];
        n++;
    }
    KeReleaseSpinLock(&g_Rm.EventLock, irql);
    return n;
}

static BOOLEAN
RmMatches(PRM_CONFIG Config, PVOID KeyObject, REG_NOTIFY_CLASS Op)
{
    PCUNICODE_STRING name = NULL;
    BOOLEAN hit = FALSE;

    if (!NT_SUCCESS(CmCallbackGetKeyObjectIDEx(&g_Rm.Cookie, KeyObject, NULL, &name, 0))) {
        return FALSE;
    }
    if (RtlPrefixUnicodeString(&Config->Prefix, name, TRUE)) {
        hit = TRUE;
        RmRecord(Op, name);
    }
    CmCallbackReleaseKeyObjectIDEx(name);
    return hit;
}

NTSTATUS
RmRegistryCallback(PVOID CallbackContext, PVOID Argument1, PVOID Argument2)
{
    PRM_CONFIG config = (PRM_CONFIG)CallbackContext;
    REG_NOTIFY_CLASS op = (REG_NOTIFY_CLASS)(ULONG_PTR)Argument1;
    BOOLEAN hit = FALSE;

    if (Argument2 == NULL || ExGetPreviousMode() == KernelMode) {
        return STATUS_SUCCESS;
    }

    switch (op) {
    case RegNtPreSetValueKey:
        if (config->Flags & RM_WATCH_SETVALUE) {
            hit = RmMatches(config, ((PREG_SET_VALUE_KEY_INFORMATION)Argument2)->Object, op);
        }
        break;
    case RegNtPreDeleteKey:
        if (config->Flags & RM_WATCH_DELETEKEY) {
            hit = RmMatches(config, ((PREG_DELETE_KEY_INFORMATION)Argument2)->Object, op);
        }
        break;
    case RegNtPreRenameKey:
        if (config->Flags & RM_WATCH_RENAME) {
            hit = RmMatches(config, ((PREG_RENAME_KEY_INFORMATION)Argument2)->Object, op);
        }
        break;
    default:
        break;
    }

    if (hit) {
        InterlockedIncrement(&config->Hits);
        if (config->Flags & RM_BREAK_ON_HIT) {
            DbgBreakPoint();
        }
    }
    return STATUS_SUCCESS;
}

static NTSTATUS
RmQueryValue(HANDLE Key, PCWSTR Name, PKEY_VALUE_PARTIAL_INFORMATION *Info)
{
    UNICODE_STRING valueName;
    ULONG needed = 0;
    PKEY_VALUE_PARTIAL_INFORMATION info;
    NTSTATUS status;

    *Info = NULL;
    RtlInitUnicodeString(&valueName, Name);

    status = ZwQueryValueKey(Key, &valueName, KeyValuePartialInformation, NULL, 0, &needed);
    if (status != STATUS_BUFFER_TOO_SMALL && status != STATUS_BUFFER_OVERFLOW) {
        return status;
    }
    info = (PKEY_VALUE_PARTIAL_INFORMATION)ExAllocatePool2(POOL_FLAG_PAGED, needed, RM_TAG);
    if (info == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    status = ZwQueryValueKey(Key, &valueName, KeyValuePartialInformation, info, needed, &needed);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(info, RM_TAG);
        return status;
    }
    *Info = info;
    return STATUS_SUCCESS;
}

/*
 * Reads <service key>\Flags (DWORD) and <service key>\WatchPrefix (SZ).
 * Anything missing falls back to the defaults.
 */
NTSTATUS
RmLoadConfig(_In_ PCUNICODE_STRING RegistryPath, _Out_ PRM_CONFIG Config)
{
    OBJECT_ATTRIBUTES oa;
    HANDLE key;
    PKEY_VALUE_PARTIAL_INFORMATION info;
    NTSTATUS status;

    RtlZeroMemory(Config, sizeof(*Config));
    Config->Flags = RM_WATCH_SETVALUE | RM_WATCH_DELETEKEY;
    Config->MaxEvents = RM_MAX_EVENTS;
    RtlStringCchCopyW(Config->PrefixBuffer, RM_PREFIX_CHARS, RM_DEFAULT_PREFIX);

    InitializeObjectAttributes(&oa, (PUNICODE_STRING)RegistryPath,
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenKey(&key, KEY_READ, &oa);
    if (NT_SUCCESS(status)) {
        if (NT_SUCCESS(RmQueryValue(key, L"Flags", &info))) {
            if (info->Type == REG_DWORD && info->DataLength == sizeof(ULONG)) {
                Config->Flags = *(PULONG)info->Data;
            }
            ExFreePoolWithTag(info, RM_TAG);
        }
        if (NT_SUCCESS(RmQueryValue(key, L"WatchPrefix", &info))) {
            if (info->Type == REG_SZ && info->DataLength >= sizeof(WCHAR)) {
                ULONG chars = min(info->DataLength / sizeof(WCHAR), RM_PREFIX_CHARS);
                RtlCopyMemory(Config->PrefixBuffer, info->Data, chars * sizeof(WCHAR));
                Config->PrefixBuffer[RM_PREFIX_CHARS - 1] = L'\0';
            }
            ExFreePoolWithTag(info, RM_TAG);
        }
        ZwClose(key);
    }

    RtlInitUnicodeString(&Config->Prefix, Config->PrefixBuffer);
    return status;
}
