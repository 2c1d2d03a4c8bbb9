/*++
Module Name:
    main.c

Abstract:
    DriverEntry and unload for the lwprot protocol driver.
--*/
#include "lwprot.h"

LW_GLOBALS g_Lw;

static
VOID
LwInitializeGlobals(
    _Out_ PLW_GLOBALS Globals,
    _In_ PDRIVER_OBJECT DriverObject
    );

static
VOID
LwReleaseGlobals(
    _Inout_ PLW_GLOBALS Globals
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, LwInitializeGlobals)
#pragma alloc_text(PAGE, LwUnload)
#pragma alloc_text(PAGE, LwReleaseGlobals)
#endif

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    LwInitializeGlobals(&g_Lw, DriverObject);

    //
    // The control device must exist before NDIS starts calling the bind
    // handler, because binds publish themselves to it.
    //
    CHK(LwCreateControlDevice(&g_Lw));

    DriverObject->DriverUnload = LwUnload;

    CHK(LwRegisterProtocol(&g_Lw));

    LW_TRACE("loaded");
    return STATUS_SUCCESS;

Cleanup:
    LwReleaseGlobals(&g_Lw);
    return status;
}

static
_Use_decl_annotations_
VOID
LwInitializeGlobals(
    PLW_GLOBALS    Globals,
    PDRIVER_OBJECT DriverObject
    )
{
    NdisZeroMemory(Globals, sizeof(*Globals));
    Globals->DriverObject = DriverObject;
    InitializeListHead(&Globals->OpenList);
    NdisAllocateSpinLock(&Globals->OpenListLock);
    Globals->LockAllocated = TRUE;
}

static
_Use_decl_annotations_
VOID
LwReleaseGlobals(
    PLW_GLOBALS Globals
    )
{
    PAGED_CODE();

    //
    // Deregistering unbinds every open, so it must come before the
    // control device disappears.
    //
    LwDeregisterProtocol(Globals);
    LwDeleteControlDevice(Globals);

    if (Globals->LockAllocated) {
        NdisFreeSpinLock(&Globals->OpenListLock);
        Globals->LockAllocated = FALSE;
    }
}

_Use_decl_annotations_
VOID
LwUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    LwReleaseGlobals(&g_Lw);
    LW_TRACE("unloaded");
}
