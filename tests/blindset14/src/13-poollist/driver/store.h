/*
 * store.h - PoolList: a reference-counted context holding a list of
 * process-start records in nonpaged pool.
 *
 * Who holds a reference:
 *   - the global pointer g_Ctx (taken at creation, dropped last in unload)
 *   - the control device's extension (dropped right before IoDeleteDevice)
 *   - every notify callback and dispatch routine while it runs
 * The context and every record go away when the count reaches zero.
 */
#pragma once

#include <ntddk.h>
#include "../shared/poollist_ioctl.h"

#define PL_TAG          'tsLP'
#define PL_MAX_RECORDS  1024

typedef struct _PL_RECORD {
    LIST_ENTRY      Link;
    PL_RECORD_OUT   Data;
} PL_RECORD, *PPL_RECORD;

typedef struct _PL_CONTEXT {
    volatile LONG   RefCount;
    KSPIN_LOCK      Lock;
    LIST_ENTRY      Records;
    ULONG           Count;

    /* what DriverEntry set up, read by DestroyState() */
    PDEVICE_OBJECT  Device;
    BOOLEAN         LinkCreated;
    BOOLEAN         NotifyRegistered;
} PL_CONTEXT, *PPL_CONTEXT;

typedef struct _PL_DEVICE_EXTENSION {
    PPL_CONTEXT     Ctx;
} PL_DEVICE_EXTENSION, *PPL_DEVICE_EXTENSION;

PPL_CONTEXT PlCreate(VOID);
VOID PlReference(_In_ PPL_CONTEXT Ctx);
VOID PlRelease(_In_ PPL_CONTEXT Ctx);

VOID PlAdd(_In_ PPL_CONTEXT Ctx, HANDLE Pid, HANDLE ParentPid, _In_opt_ PCUNICODE_STRING Image);
ULONG PlCopyOut(_In_ PPL_CONTEXT Ctx, _Out_writes_bytes_(Length) PVOID Buffer, ULONG Length);
ULONG PlCount(_In_ PPL_CONTEXT Ctx);
VOID PlClear(_In_ PPL_CONTEXT Ctx);
