#include "regmon.h"

static const PCWSTR g_Watched[] = {
    L"\\CurrentVersion\\Run",
    L"\\CurrentVersion\\RunOnce",
    L"\\CurrentControlSet\\Services\\",
    L"\\Image File Execution Options\\",
    L"\\CurrentVersion\\Winlogon",
};

static BOOLEAN
RmIsInteresting(
    _In_ PCUNICODE_STRING KeyName
    )
{
    ULONG i;
    UNICODE_STRING needle;
    USHORT off;

    for (i = 0; i < ARRAYSIZE(g_Watched); i++) {
        RtlInitUnicodeString(&needle, g_Watched[i]);
        if (KeyName->Length < needle.Length) {
            continue;
        }
        // naive substring scan, key names are short
        for (off = 0; off + needle.Length <= KeyName->Length; off += sizeof(WCHAR)) {
            UNICODE_STRING window;
            window.Buffer = (PWCH)((PUCHAR)KeyName->Buffer + off);
            window.Length = window.MaximumLength = needle.Length;
            if (RtlEqualUnicodeString(&window, &needle, TRUE)) {
                return TRUE;
            }
        }
    }
    return FALSE;
}

static NTSTATUS
RmOnSetValue(
    _In_ PREG_SET_VALUE_KEY_INFORMATION Info
    )
{
    NTSTATUS status;
    PCUNICODE_STRING keyName = NULL;
    PRM_RECORD rec;
    SIZE_T size;
    USHORT valueBytes;

    status = CmCallbackGetKeyObjectIDEx(&g_Rm.Cookie, Info->Object, NULL, &keyName, 0);
    if (!NT_SUCCESS(status)) {
        return STATUS_SUCCESS;
    }

    if (!RmIsInteresting(keyName)) {
        CmCallbackReleaseKeyObjectIDEx(keyName);
        return STATUS_SUCCESS;
    }

    valueBytes = (Info->ValueName != NULL) ? Info->ValueName->Length : 0;
    size = FIELD_OFFSET(RM_RECORD, Text) + keyName->Length + valueBytes + sizeof(WCHAR);

    rec = (PRM_RECORD)ExAllocatePool2(POOL_FLAG_NON_PAGED, size, RM_TAG);
    if (rec != NULL) {
        KeQuerySystemTime(&rec->Time);
        rec->ProcessId = HandleToULong(PsGetCurrentProcessId());
        rec->ValueType = Info->Type;
        rec->DataSize = Info->DataSize;
        rec->KeyChars = keyName->Length / sizeof(WCHAR);
        rec->ValueChars = valueBytes / sizeof(WCHAR);
        RtlCopyMemory(rec->Text, keyName->Buffer, keyName->Length);
        if (valueBytes != 0) {
            RtlCopyMemory(rec->Text + rec->KeyChars, Info->ValueName->Buffer, valueBytes);
        }
        RmQueueRecord(rec);
    } else {
        InterlockedIncrement(&g_Rm.Dropped);
    }

    CmCallbackReleaseKeyObjectIDEx(keyName);
    return STATUS_SUCCESS;
}

NTSTATUS
RmRegistryCallback(
    _In_ PVOID CallbackContext,
    _In_opt_ PVOID Argument1,
    _In_opt_ PVOID Argument2
    )
{
    REG_NOTIFY_CLASS cls = (REG_NOTIFY_CLASS)(ULONG_PTR)Argument1;

    UNREFERENCED_PARAMETER(CallbackContext);

    if (ExGetPreviousMode() == KernelMode || Argument2 == NULL) {
        return STATUS_SUCCESS;
    }

    switch (cls) {
    case RegNtPostSetValueKey: {
        PREG_POST_OPERATION_INFORMATION post = (PREG_POST_OPERATION_INFORMATION)Argument2;
        if (NT_SUCCESS(post->Status) && post->PreInformation != NULL) {
            return RmOnSetValue((PREG_SET_VALUE_KEY_INFORMATION)post->PreInformation);
        }
        break;
    }
    default:
        break;
    }
    return STATUS_SUCCESS;
}
