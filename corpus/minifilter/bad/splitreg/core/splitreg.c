/*
 * splitreg.c - minifilter of a write-audit agent that logs renames and
 * deletions. DriverEntry registers SrgRegistration, declared extern in
 * inc/splitreg.h and defined in reg/registration.c, another directory of
 * the tree; its FilterUnload is SrgUnload.
 *
 * BUG (DE011): SrgUnload waits for the log writer and returns without
 * FltUnregisterFilter, so the filter stays registered after the image is
 * gone.
 */

#include "../inc/splitreg.h"

PFLT_FILTER SrgFilter;
static LONG SrgPending;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, SrgUnload)
#endif

FLT_PREOP_CALLBACK_STATUS FLTAPI
SrgPreSetInformation(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    UNREFERENCED_PARAMETER(Data);
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;
    InterlockedIncrement(&SrgPending);
    InterlockedDecrement(&SrgPending);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

NTSTATUS FLTAPI
SrgUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    LARGE_INTEGER delay;

    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();
    delay.QuadPart = -10 * 1000 * 10;   /* 10 ms */
    while (InterlockedCompareExchange(&SrgPending, 0, 0) != 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &delay);
    }
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(                                            // expect-entry: minifilter
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = FltRegisterFilter(DriverObject, &SrgRegistration, &SrgFilter); // expect: DE011
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FltStartFiltering(SrgFilter);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(SrgFilter);
    }
    return status;
}
