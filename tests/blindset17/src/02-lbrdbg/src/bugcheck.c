/*
 * bugcheck.c - adds the per-processor rings to the crash dump as secondary
 * data. Optional: a driver verifier configuration or an older dump stack can
 * refuse the registration, the rest of lbrdbg works without it.
 */
#include "lbrdbg.h"

/* {5B7E1C61-2F0A-4D5E-9F43-0C7A9D2B8E11} */
static const GUID LbrDumpGuid =
    { 0x5b7e1c61, 0x2f0a, 0x4d5e, { 0x9f, 0x43, 0x0c, 0x7a, 0x9d, 0x2b, 0x8e, 0x11 } };

static UCHAR LbrComponentName[] = "lbrdbg";

static KBUGCHECK_REASON_CALLBACK_ROUTINE LbrBugcheckCallback;

static VOID
LbrBugcheckCallback(
    _In_ KBUGCHECK_CALLBACK_REASON Reason,
    _In_ struct _KBUGCHECK_REASON_CALLBACK_RECORD *Record,
    _Inout_ PVOID ReasonSpecificData,
    _In_ ULONG ReasonSpecificDataLength
    )
{
    PKBUGCHECK_SECONDARY_DUMP_DATA dump = (PKBUGCHECK_SECONDARY_DUMP_DATA)ReasonSpecificData;
    PLBR_CPU cpu;
    SIZE_T needed;

    UNREFERENCED_PARAMETER(Record);

    if (Reason != KbCallbackSecondaryDumpData ||
        ReasonSpecificDataLength < sizeof(*dump)) {
        return;
    }

    cpu = LbrCurrentCpu();
    if (cpu == NULL || cpu->Ring == NULL) {
        return;
    }

    needed = sizeof(LBR_RING);
    if (dump->MaximumAllowed < needed) {
        return;
    }

    /* the ring is nonpaged and stays valid until the machine stops */
    dump->OutBuffer = cpu->Ring;
    dump->OutBufferLength = (ULONG)needed;
    dump->Guid = LbrDumpGuid;
}

_Use_decl_annotations_
NTSTATUS
LbrRegisterBugcheck(
    PLBR_INIT_CONTEXT Context
    )
{
    UNREFERENCED_PARAMETER(Context);

    if (!g_Lbr.EnableBugcheckDump) {
        return STATUS_NOT_SUPPORTED;
    }

    KeInitializeCallbackRecord(&g_Lbr.BugcheckRecord);
    g_Lbr.BugcheckRegistered = KeRegisterBugCheckReasonCallback(&g_Lbr.BugcheckRecord,
                                                                LbrBugcheckCallback,
                                                                KbCallbackSecondaryDumpData,
                                                                LbrComponentName);
    return g_Lbr.BugcheckRegistered ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
}

_Use_decl_annotations_
VOID
LbrDeregisterBugcheck(
    PLBR_INIT_CONTEXT Context
    )
{
    UNREFERENCED_PARAMETER(Context);

    if (g_Lbr.BugcheckRegistered) {
        KeDeregisterBugCheckReasonCallback(&g_Lbr.BugcheckRecord);
        g_Lbr.BugcheckRegistered = FALSE;
    }
}
