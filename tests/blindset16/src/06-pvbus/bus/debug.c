/*
 * debug.c - secondary crash-dump data: on bug check pvbus appends the
 * shared-info page and the hypercall interface version to the dump so the
 * host-side tooling can correlate guest crashes with backend state.
 *
 * Copyright (c) PV Drivers for Windows contributors.
 * SPDX-License-Identifier: BSD-2-Clause
 */

#include "pvbus.h"

/* {3C9F1A27-5D84-4B6E-9E20-7A1D4C8B0F53} */
static const GUID PvBusDumpGuid =
    { 0x3c9f1a27, 0x5d84, 0x4b6e, { 0x9e, 0x20, 0x7a, 0x1d, 0x4c, 0x8b, 0x0f, 0x53 } };

typedef struct _PVBUS_DUMP_BLOB {
    ULONG           Version;
    ULONG           HypercallVersion;
    PV_SHARED_INFO  SharedInfo;
} PVBUS_DUMP_BLOB;

static PVBUS_DUMP_BLOB PvBusDumpBlob;

static KBUGCHECK_REASON_CALLBACK_ROUTINE PvDebugBugCheckCallback;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, PvDebugInit)
#pragma alloc_text(PAGE, PvDebugFini)
#endif

static VOID
PvDebugBugCheckCallback(
    _In_ KBUGCHECK_CALLBACK_REASON Reason,
    _In_ struct _KBUGCHECK_REASON_CALLBACK_RECORD *Record,
    _Inout_ PVOID ReasonSpecificData,
    _In_ ULONG ReasonSpecificDataLength
    )
{
    PKBUGCHECK_SECONDARY_DUMP_DATA dump = ReasonSpecificData;
    PPVBUS_GLOBALS globals;

    if (Reason != KbCallbackSecondaryDumpData ||
        ReasonSpecificDataLength < sizeof(KBUGCHECK_SECONDARY_DUMP_DATA))
        return;

    globals = CONTAINING_RECORD(Record, PVBUS_GLOBALS, BugCheckRecord);

    /* No locks, no allocation: we are running at HIGH_LEVEL. */
    PvBusDumpBlob.Version = 1;
    PvBusDumpBlob.HypercallVersion = globals->Hypercall.Version;
    if (globals->SharedInfo != NULL)
        RtlCopyMemory(&PvBusDumpBlob.SharedInfo, globals->SharedInfo, sizeof(PV_SHARED_INFO));

    if (dump->MaximumAllowed < sizeof(PvBusDumpBlob))
        return;

    dump->OutBuffer = &PvBusDumpBlob;
    dump->OutBufferLength = sizeof(PvBusDumpBlob);
    dump->Guid = PvBusDumpGuid;
}

_Use_decl_annotations_
NTSTATUS
PvDebugInit(
    PPVBUS_GLOBALS Globals
    )
{
    if (!Globals->Params.DumpOnCrash) {
        PV_INFO("secondary dump data disabled");
        return STATUS_SUCCESS;
    }

    KeInitializeCallbackRecord(&Globals->BugCheckRecord);

    if (!KeRegisterBugCheckReasonCallback(&Globals->BugCheckRecord,
                                          PvDebugBugCheckCallback,
                                          KbCallbackSecondaryDumpData,
                                          (PUCHAR)"pvbus")) {
        PV_ERROR("KeRegisterBugCheckReasonCallback failed");
        return STATUS_UNSUCCESSFUL;
    }

    Globals->BugCheckRegistered = TRUE;
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
PvDebugFini(
    PPVBUS_GLOBALS Globals
    )
{
    PAGED_CODE();

    if (!Globals->BugCheckRegistered)
        return;

    KeDeregisterBugCheckReasonCallback(&Globals->BugCheckRecord);
    Globals->BugCheckRegistered = FALSE;
}
