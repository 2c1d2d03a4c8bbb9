/*
 * ops.c - IRP_MJ_WRITE pre-operation callback
 */
#include "rguard.h"

static __inline volatile LONG *
RgCounterForPid(
    _In_ HANDLE Pid
    )
{
    return &g_Rg.WriteCounters[((ULONG_PTR)Pid >> 2) & (RTL_NUMBER_OF(g_Rg.WriteCounters) - 1)];
}

FLT_PREOP_CALLBACK_STATUS
RgPreWrite(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    NTSTATUS status;
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    PRG_NOTIFICATION note = NULL;
    HANDLE pid;
    LONG count;
    BOOLEAN allow;

    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    /* nobody listening -> nothing to do */
    if (g_Rg.ClientPort == NULL) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    pid = PsGetCurrentProcessId();

    /* never interfere with the service itself */
    if (PsGetCurrentProcess() == g_Rg.ClientProcess) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    count = InterlockedIncrement(RgCounterForPid(pid));
    if (count < RG_BURST_THRESHOLD) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    status = FltGetFileNameInformation(Data,
                                       FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (!NT_SUCCESS(status)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    note = ExAllocatePool2(POOL_FLAG_PAGED, sizeof(RG_NOTIFICATION), RG_TAG);
    if (note == NULL) {
        FltReleaseFileNameInformation(nameInfo);
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    note->ProcessId  = HandleToULong(pid);
    note->WriteCount = (ULONG)count;
    RtlCopyMemory(note->FileName,
                  nameInfo->Name.Buffer,
                  min(nameInfo->Name.Length, (RG_MAX_PATH - 1) * sizeof(WCHAR)));

    FltReleaseFileNameInformation(nameInfo);

    allow = RgAskService(note);
    ExFreePoolWithTag(note, RG_TAG);

    if (!allow) {
        RG_DBG("blocking write from pid %lu", HandleToULong(pid));
        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        Data->IoStatus.Information = 0;
        return FLT_PREOP_COMPLETE;
    }

    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}
