/*
 * ops.c - "opcount"'s create callback: it records the opening process in
 * a block from the driver's lookaside list.
 */
#include "optable.h"

FLT_PREOP_CALLBACK_STATUS FLTAPI
OcPreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    POC_RECORD record;
    KIRQL irql;

    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);

    record = (POC_RECORD)ExAllocateFromNPagedLookasideList(&g_OcRecords);
    if (record != NULL) {
        record->ProcessId = FltGetRequestorProcessId(Data);
        KeAcquireSpinLock(&g_OcLock, &irql);
        InsertTailList(&g_OcList, &record->Link);
        KeReleaseSpinLock(&g_OcLock, irql);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}
