/*
 * regcb.c - the registry callback itself
 */
#include "regwatch.h"
#include "trace.h"
#include "regcb.tmh"

EX_CALLBACK_FUNCTION RwRegistryCallback;

/* copy the last (Chars - 1) characters of Src, always terminated */
static VOID RwCopyTail(_Out_writes_(Chars) PWCHAR Dst, _In_ ULONG Chars, _In_opt_ PCUNICODE_STRING Src)
{
    ULONG have, take;

    Dst[0] = L'\0';
    if (Src == NULL || Src->Buffer == NULL) {
        return;
    }
    have = Src->Length / sizeof(WCHAR);
    take = min(have, Chars - 1);
    RtlCopyMemory(Dst, Src->Buffer + (have - take), take * sizeof(WCHAR));
    Dst[take] = L'\0';
}

NTSTATUS RwRegistryCallback(_In_ PVOID CallbackContext, _In_opt_ PVOID Argument1, _In_opt_ PVOID Argument2)
{
    REG_NOTIFY_CLASS cls = (REG_NOTIFY_CLASS)(ULONG_PTR)Argument1;
    PCUNICODE_STRING valueName = NULL;
    PCUNICODE_STRING keyName = NULL;
    PVOID object;
    RW_RECORD rec;

    UNREFERENCED_PARAMETER(CallbackContext);

    if (Argument2 == NULL || ExGetPreviousMode() == KernelMode) {
        return STATUS_SUCCESS;
    }

    switch (cls) {
    case RegNtPreSetValueKey:
        object    = ((PREG_SET_VALUE_KEY_INFORMATION)Argument2)->Object;
        valueName = ((PREG_SET_VALUE_KEY_INFORMATION)Argument2)->ValueName;
        break;
    case RegNtPreDeleteValueKey:
        object    = ((PREG_DELETE_VALUE_KEY_INFORMATION)Argument2)->Object;
        valueName = ((PREG_DELETE_VALUE_KEY_INFORMATION)Argument2)->ValueName;
        break;
    case RegNtPreDeleteKey:
        object    = ((PREG_DELETE_KEY_INFORMATION)Argument2)->Object;
        break;
    default:
        return STATUS_SUCCESS;
    }

    RtlZeroMemory(&rec, sizeof(rec));
    KeQuerySystemTime(&rec.Time);
    rec.ProcessId = HandleToULong(PsGetCurrentProcessId());
    rec.Operation = (ULONG)cls;

    if (NT_SUCCESS(CmCallbackGetKeyObjectIDEx(&g_Rw.Cookie, object, NULL, &keyName, 0))) {
        RwCopyTail(rec.Key, RW_KEY_CHARS, keyName);
        CmCallbackReleaseKeyObjectIDEx(keyName);
    }
    RwCopyTail(rec.Value, RW_VALUE_CHARS, valueName);

    if (g_Rw.Verbose) {
        TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_CALLBACK, "pid %u op %u %ws [%ws]",
                    rec.ProcessId, rec.Operation, rec.Key, rec.Value);
    }

    RwRingPush(&rec);
    return STATUS_SUCCESS;
}

NTSTATUS RwStartCallback(_In_ PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(RW_ALTITUDE);
    NTSTATUS status;

    status = CmRegisterCallbackEx(RwRegistryCallback, &altitude, DriverObject, NULL,
                                  &g_Rw.Cookie, NULL);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "CmRegisterCallbackEx: %!STATUS!", status);
        return status;
    }
    g_Rw.CmRegistered = TRUE;
    return STATUS_SUCCESS;
}

VOID RwStopCallback(VOID)
{
    NTSTATUS status;

    if (!g_Rw.CmRegistered) {
        return;
    }
    status = CmUnRegisterCallback(g_Rw.Cookie);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "CmUnRegisterCallback: %!STATUS!", status);
    }
    g_Rw.CmRegistered = FALSE;
}
