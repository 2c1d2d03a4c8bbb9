/*++

Copyright (c) Contoso Storage Systems.  All rights reserved.

Module Name:

    driver.c

Abstract:

    Driver entry, unload and global-state management for the disk I/O
    statistics upper filter.

Environment:

    Kernel mode only.

--*/

#include "diskiof.h"

DIF_GLOBALS g_DifGlobals;

static
VOID
DifInitializeDispatchTable(
    _Inout_ PDRIVER_OBJECT DriverObject
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, DifInitializeDispatchTable)
#pragma alloc_text(PAGE, DifUnload)
#pragma alloc_text(PAGE, DifFreeGlobals)
#endif

//
// Major functions that get something other than the plain pass-through
// handler.  Kept as a table so a new handler is a one-line change.
//
typedef struct _DIF_DISPATCH_OVERRIDE {
    UCHAR           MajorFunction;
    PDRIVER_DISPATCH Handler;
} DIF_DISPATCH_OVERRIDE;

static const DIF_DISPATCH_OVERRIDE DifDispatchOverrides[] = {
    { IRP_MJ_READ,              DifDispatchReadWrite },
    { IRP_MJ_WRITE,             DifDispatchReadWrite },
    { IRP_MJ_DEVICE_CONTROL,    DifDispatchDeviceControl },
    { IRP_MJ_PNP,               DifDispatchPnp },
    { IRP_MJ_POWER,             DifDispatchPower },
};


static
VOID
DifInitializeDispatchTable(
    _Inout_ PDRIVER_OBJECT DriverObject
    )
/*++

Routine Description:

    Points every major function at the pass-through routine, then
    overrides the handful the filter actually inspects.

--*/
{
    ULONG i;

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = DifDispatchPassThrough;
    }

    for (i = 0; i < RTL_NUMBER_OF(DifDispatchOverrides); i++) {
        DriverObject->MajorFunction[DifDispatchOverrides[i].MajorFunction] =
            DifDispatchOverrides[i].Handler;
    }
}


_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
/*++

Routine Description:

    Installable driver initialization entry point.

    Captures a private copy of the service key path, loads tunables,
    allocates the per-processor statistics array and the completion
    context lookaside list, and finally publishes the dispatch table,
    AddDevice and Unload routines.

Arguments:

    DriverObject - The filter's driver object.

    RegistryPath - The service key; only valid for the duration of this
                   call, hence the copy.

Return Value:

    STATUS_SUCCESS, or the failure status of the first step that failed.
    On failure everything acquired so far has been released.

--*/
{
    NTSTATUS status = STATUS_SUCCESS;

    DIF_TRACE(DIF_LEVEL_INFO, "loading, service key %wZ", RegistryPath);

    RtlZeroMemory(&g_DifGlobals, sizeof(g_DifGlobals));
    g_DifGlobals.DriverObject = DriverObject;
    KeInitializeSpinLock(&g_DifGlobals.DeviceListLock);
    InitializeListHead(&g_DifGlobals.DeviceList);

    __try {

        DIF_LEAVE_IF_FAILED(DifCopyUnicodeString(&g_DifGlobals.RegistryPath,
                                                 RegistryPath));

        //
        // Missing or malformed parameters fall back to defaults; this
        // cannot fail the load.
        //
        DifReadParameters(&g_DifGlobals);

        DIF_LEAVE_IF_FAILED(DifAllocateStatistics(&g_DifGlobals));

        ExInitializeNPagedLookasideList(&g_DifGlobals.ContextLookaside,
                                        NULL,
                                        NULL,
                                        POOL_NX_ALLOCATION,
                                        sizeof(DIF_IO_CONTEXT),
                                        DIF_TAG_CONTEXT,
                                        0);
        g_DifGlobals.LookasideInitialized = TRUE;

        DifInitializeDispatchTable(DriverObject);

        DriverObject->DriverExtension->AddDevice = DifAddDevice;
        DriverObject->DriverUnload = DifUnload;

        DIF_TRACE(DIF_LEVEL_INFO, "loaded, %lu processor slots, enabled=%lu",
                  g_DifGlobals.CpuCount,
                  g_DifGlobals.Parameters.Enabled);
    }
    __finally {

        if (!NT_SUCCESS(status)) {
            DifFreeGlobals(&g_DifGlobals);
        }
    }

    return status;
}


_Use_decl_annotations_
VOID
DifUnload(
    PDRIVER_OBJECT DriverObject
    )
/*++

Routine Description:

    The PnP manager only unloads a filter after every device it attached
    to has been removed, so all that remains is global state.

--*/
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    NT_ASSERT(IsListEmpty(&g_DifGlobals.DeviceList));
    NT_ASSERT(g_DifGlobals.DeviceCount == 0);

    DIF_TRACE(DIF_LEVEL_INFO, "unloading %p", DriverObject);

    DifFreeGlobals(&g_DifGlobals);
}


_Use_decl_annotations_
VOID
DifFreeGlobals(
    PDIF_GLOBALS Globals
    )
/*++

Routine Description:

    Releases whatever DriverEntry managed to acquire.  Safe to call on a
    partially initialized structure; each member is checked first.

--*/
{
    PAGED_CODE();

    if (Globals->LookasideInitialized) {
        ExDeleteNPagedLookasideList(&Globals->ContextLookaside);
        Globals->LookasideInitialized = FALSE;
    }

    if (Globals->CpuStats != NULL) {
        ExFreePoolWithTag(Globals->CpuStats, DIF_TAG_STATS);
        Globals->CpuStats = NULL;
        Globals->CpuCount = 0;
    }

    DifFreeUnicodeString(&Globals->RegistryPath);
}
