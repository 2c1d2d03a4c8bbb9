/*
 * bugcheck.c - secondary dump data: the status block rides along in crash dumps.
 */
#include "sysmgr.h"

#if SM_FEATURE_BUGCHECK

/* {4C0E7B2A-61D5-4F3B-A7C8-9E2D1B6F0A35} */
static const GUID SmDumpGuid =
    { 0x4c0e7b2a, 0x61d5, 0x4f3b, { 0xa7, 0xc8, 0x9e, 0x2d, 0x1b, 0x6f, 0x0a, 0x35 } };

static UCHAR SmComponentName[] = "SysMgr";

static KBUGCHECK_REASON_CALLBACK_ROUTINE SmBugCheckCallback;

/* runs at HIGH_LEVEL: no locks, no allocations, nonpaged data only */
static VOID
SmBugCheckCallback(_In_ KBUGCHECK_CALLBACK_REASON Reason,
                   _In_ struct _KBUGCHECK_REASON_CALLBACK_RECORD *Record,
                   _Inout_ PVOID ReasonSpecificData, _In_ ULONG ReasonSpecificDataLength)
{
    PKBUGCHECK_SECONDARY_DUMP_DATA data = (PKBUGCHECK_SECONDARY_DUMP_DATA)ReasonSpecificData;

    UNREFERENCED_PARAMETER(Record);

    if (Reason != KbCallbackSecondaryDumpData ||
        ReasonSpecificDataLength < sizeof(KBUGCHECK_SECONDARY_DUMP_DATA)) {
        return;
    }
    if (data->MaximumAllowed < sizeof(SM_STATUS_BLOCK)) {
        return;
    }

    g_Sm.DumpCopy = g_Sm.Status;
    g_Sm.DumpCopy.State = (ULONG)g_Sm.State;

    data->Guid = SmDumpGuid;
    data->OutBuffer = &g_Sm.DumpCopy;
    data->OutBufferLength = sizeof(g_Sm.DumpCopy);
}

NTSTATUS
SmBugCheckInit(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    KeInitializeCallbackRecord(&g_Sm.BugCheckRecord);
    if (!KeRegisterBugCheckReasonCallback(&g_Sm.BugCheckRecord, SmBugCheckCallback,
                                          KbCallbackSecondaryDumpData, SmComponentName)) {
        return STATUS_UNSUCCESSFUL;
    }
    return STATUS_SUCCESS;
}

VOID
SmBugCheckUninit(VOID)
{
    KeDeregisterBugCheckReasonCallback(&g_Sm.BugCheckRecord);
}

#endif /* SM_FEATURE_BUGCHECK */
