/*++

Copyright (c) Lucerne Publishing IT.  All rights reserved.

Module Name:

    crash.c

Abstract:

    Crash-dump and shutdown hooks of the service watchdog: the event
    ring is written to the dump as secondary data, and the control
    device receives IRP_MJ_SHUTDOWN.

Environment:

    Kernel mode.

--*/

#include <ntddk.h>
#include <initguid.h>

#include "wdctl.h"

static KBUGCHECK_REASON_CALLBACK_ROUTINE LgBugCheckSecondaryDataCallback;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, LgRegisterCrashHooks)
#pragma alloc_text(PAGE, LgUnregisterCrashHooks)
#endif


static
VOID
LgBugCheckSecondaryDataCallback(
    _In_ KBUGCHECK_CALLBACK_REASON Reason,
    _In_ struct _KBUGCHECK_REASON_CALLBACK_RECORD *Record,
    _Inout_ PVOID ReasonSpecificData,
    _In_ ULONG ReasonSpecificDataLength
    )
/*++

Routine Description:

    Runs at HIGH_LEVEL during crash dump generation: no locks, no
    allocations, no pageable memory.  Offers the ring (nonpaged) as
    secondary dump data.

--*/
{
    PKBUGCHECK_SECONDARY_DUMP_DATA dumpData = (PKBUGCHECK_SECONDARY_DUMP_DATA)ReasonSpecificData;
    ULONG bytes;

    UNREFERENCED_PARAMETER(Record);

    if (Reason != KbCallbackSecondaryDumpData ||
        ReasonSpecificDataLength < sizeof(KBUGCHECK_SECONDARY_DUMP_DATA) ||
        g_Lg.Ring == NULL) {
        return;
    }

    bytes = g_Lg.RingEntries * sizeof(LG_EVENT);
    if (bytes > dumpData->MaximumAllowed) {
        bytes = dumpData->MaximumAllowed;
    }

    dumpData->Guid = LG_DUMP_DATA_GUID;
    dumpData->OutBuffer = g_Lg.Ring;
    dumpData->OutBufferLength = bytes;
}


_Use_decl_annotations_
NTSTATUS
LgRegisterCrashHooks(
    PLG_GLOBALS Globals
    )
/*++

Routine Description:

    Registers the secondary-dump-data callback and the shutdown
    notification for the control device.

--*/
{
    NTSTATUS status;
    PKBUGCHECK_REASON_CALLBACK_RECORD record = &Globals->BugCheckRecord;

    PAGED_CODE();

    KeInitializeCallbackRecord(record);

    if (!KeRegisterBugCheckReasonCallback(record,
                                          LgBugCheckSecondaryDataCallback,
                                          KbCallbackSecondaryDumpData,
                                          (PUCHAR)LG_COMPONENT_NAME)) {
        LG_ERR("KeRegisterBugCheckReasonCallback failed");
        return STATUS_UNSUCCESSFUL;
    }

    status = IoRegisterShutdownNotification(Globals->ControlDevice);
    if (!NT_SUCCESS(status)) {
        LG_ERR("IoRegisterShutdownNotification -> 0x%08X", status);
        return status;
    }

    return STATUS_SUCCESS;
}


_Use_decl_annotations_
VOID
LgUnregisterCrashHooks(
    PLG_GLOBALS Globals
    )
{
    PAGED_CODE();

    if (!Globals->CrashHooksRegistered) {
        return;
    }

    IoUnregisterShutdownNotification(Globals->ControlDevice);

    (VOID)KeDeregisterBugCheckReasonCallback(&Globals->BugCheckRecord);

    Globals->CrashHooksRegistered = FALSE;
}
