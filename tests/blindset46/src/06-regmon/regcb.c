#include "regmon.h"
#include <ntstrsafe.h>

static const UNICODE_STRING g_WatchPrefix =
    RTL_CONSTANT_STRING(L"\\REGISTRY\\MACHINE\\SOFTWARE");

BOOLEAN LogInit(VOID)
{
    KeInitializeSpinLock(&g_RegMon.LogLock);
    g_RegMon.Head = g_RegMon.Count = g_RegMon.Lost = 0;

    g_RegMon.Entries = (PREGMON_ENTRY)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                      REGMON_MAX_ENTRIES * sizeof(REGMON_ENTRY),
                                                      REGMON_TAG);
    return g_RegMon.Entries != NULL;
}

VOID LogFree(VOID)
{
    if (g_RegMon.Entries) {
        ExFreePoolWithTag(g_RegMon.Entries, REGMON_TAG);
        g_RegMon.Entries = NULL;
    }
}

//
// remember the image file name (last path component) of new processes
//
VOID RegMonProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    ULONG pid = HandleToULong(ProcessId);
    WCHAR image[REGMON_IMAGE_CHARS];
    KIRQL irql;
    ULONG i;

    UNREFERENCED_PARAMETER(Process);

    image[0] = L'\0';
    if (CreateInfo != NULL && CreateInfo->ImageFileName != NULL) {
        PCUNICODE_STRING img = CreateInfo->ImageFileName;
        USHORT chars = img->Length / sizeof(WCHAR);
        USHORT start = 0, k;

        for (k = 0; k < chars; k++) {
            if (img->Buffer[k] == L'\\')
                start = k + 1;
        }
        RtlStringCchCopyNW(image, REGMON_IMAGE_CHARS, img->Buffer + start, chars - start);
    }

    KeAcquireSpinLock(&g_RegMon.LogLock, &irql);
    for (i = 0; i < REGMON_MAX_PROCS; i++) {
        if (CreateInfo == NULL) {
            if (g_RegMon.Procs[i].ProcessId == pid) {
                g_RegMon.Procs[i].ProcessId = 0;
                break;
            }
        } else if (g_RegMon.Procs[i].ProcessId == 0) {
            g_RegMon.Procs[i].ProcessId = pid;
            RtlCopyMemory(g_RegMon.Procs[i].Image, image, sizeof(image));
            break;
        }
    }
    KeReleaseSpinLock(&g_RegMon.LogLock, irql);
}

static VOID LogAdd(REGMON_OP Op, PCUNICODE_STRING KeyName, PCUNICODE_STRING ValueName)
{
    REGMON_ENTRY e;
    KIRQL irql;

    RtlZeroMemory(&e, sizeof(e));
    KeQuerySystemTime(&e.Time);
    e.ProcessId = HandleToULong(PsGetCurrentProcessId());
    e.Operation = Op;
    if (KeyName)
        RtlStringCchCopyNW(e.KeyName, REGMON_NAME_CHARS, KeyName->Buffer, KeyName->Length / sizeof(WCHAR));
    if (ValueName && ValueName->Buffer)
        RtlStringCchCopyNW(e.ValueName, RTL_NUMBER_OF(e.ValueName), ValueName->Buffer, ValueName->Length / sizeof(WCHAR));

    KeAcquireSpinLock(&g_RegMon.LogLock, &irql);
    {
        ULONG i;
        for (i = 0; i < REGMON_MAX_PROCS; i++) {
            if (g_RegMon.Procs[i].ProcessId == e.ProcessId) {
                RtlCopyMemory(e.Image, g_RegMon.Procs[i].Image, sizeof(e.Image));
                break;
            }
        }
    }
    if (g_RegMon.Count == REGMON_MAX_ENTRIES) {
        g_RegMon.Lost++;
    } else {
        g_RegMon.Entries[(g_RegMon.Head + g_RegMon.Count) % REGMON_MAX_ENTRIES] = e;
        g_RegMon.Count++;
    }
    KeReleaseSpinLock(&g_RegMon.LogLock, irql);
}

ULONG LogRead(PREGMON_ENTRY Out, ULONG MaxEntries)
{
    ULONG n = 0;
    KIRQL irql;

    KeAcquireSpinLock(&g_RegMon.LogLock, &irql);
    while (n < MaxEntries && g_RegMon.Count > 0) {
        Out[n++] = g_RegMon.Entries[g_RegMon.Head];
        g_RegMon.Head = (g_RegMon.Head + 1) % REGMON_MAX_ENTRIES;
        g_RegMon.Count--;
    }
    KeReleaseSpinLock(&g_RegMon.LogLock, irql);
    return n;
}

static VOID LogForObject(REGMON_OP Op, PVOID KeyObject, PCUNICODE_STRING ValueName)
{
    PCUNICODE_STRING keyName = NULL;
    NTSTATUS status;

    status = CmCallbackGetKeyObjectIDEx(&g_RegMon.Cookie, KeyObject, NULL, &keyName, 0);
    if (!NT_SUCCESS(status))
        return;

    if (RtlPrefixUnicodeString(&g_WatchPrefix, keyName, TRUE))
        LogAdd(Op, keyName, ValueName);

    CmCallbackReleaseKeyObjectIDEx(keyName);
}

NTSTATUS RegMonCallback(PVOID CallbackContext, PVOID Argument1, PVOID Argument2)
{
    REG_NOTIFY_CLASS op = (REG_NOTIFY_CLASS)(ULONG_PTR)Argument1;

    UNREFERENCED_PARAMETER(CallbackContext);

    if (ExGetPreviousMode() == KernelMode)
        return STATUS_SUCCESS;

    switch (op)
    {
    case RegNtPreSetValueKey: {
        PREG_SET_VALUE_KEY_INFORMATION info = (PREG_SET_VALUE_KEY_INFORMATION)Argument2;
        LogForObject(RegMonSetValue, info->Object, info->ValueName);
        break;
    }
    case RegNtPreDeleteValueKey: {
        PREG_DELETE_VALUE_KEY_INFORMATION info = (PREG_DELETE_VALUE_KEY_INFORMATION)Argument2;
        LogForObject(RegMonDeleteValue, info->Object, info->ValueName);
        break;
    }
    case RegNtPreDeleteKey: {
        PREG_DELETE_KEY_INFORMATION info = (PREG_DELETE_KEY_INFORMATION)Argument2;
        LogForObject(RegMonDeleteKey, info->Object, NULL);
        break;
    }
    case RegNtPostCreateKeyEx: {
        PREG_POST_OPERATION_INFORMATION post = (PREG_POST_OPERATION_INFORMATION)Argument2;
        if (NT_SUCCESS(post->Status) && post->Object != NULL)
            LogForObject(RegMonCreateKey, post->Object, NULL);
        break;
    }
    default:
        break;
    }

    return STATUS_SUCCESS;
}
