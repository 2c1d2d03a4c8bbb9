/*++

Module Name:

    driver.c

Abstract:

    Entry point and unload for nprotmon.sys.

    Initialization is a linear sequence of stages.  After each stage
    succeeds Globals.InitStage is advanced; on failure DriverEntry calls
    NprotTeardown(), which unwinds with a switch that falls through from
    the last completed stage down to the first.  NprotUnload calls the
    very same routine with InitStage == NprotStageComplete.

--*/

#include "nprot.h"

NPROT_GLOBALS Globals;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, NprotUnload)
#pragma alloc_text(PAGE, NprotTeardown)
#endif

_Use_decl_annotations_
VOID
NprotTeardown(
    PNPROT_GLOBALS G
    )
{
    PAGED_CODE();

    NPROT_INFO("unwinding from stage %d", (int)G->InitStage);

    switch (G->InitStage) {
    case NprotStageComplete:
        // nothing extra beyond the protocol registration
        __fallthrough;

    case NprotStageProtocol:
        //
        // Blocks until NDIS has called our unbind handler for every
        // binding, so after this no protocol callback can run.
        //
        if (G->ProtocolHandle != NULL) {
            NdisDeregisterProtocolDriver(G->ProtocolHandle);
            G->ProtocolHandle = NULL;
        }
        __fallthrough;

    case NprotStageSymlink:
        NprotDeleteSymbolicLink();
        __fallthrough;

    case NprotStageDevice:
        NprotDeleteControlDevice(G);
        __fallthrough;

    case NprotStageLocks:
        NT_ASSERT(IsListEmpty(&G->OpenList));
        NdisFreeSpinLock(&G->OpenListLock);
        __fallthrough;

    case NprotStageNone:
    default:
        break;
    }

    G->InitStage = NprotStageNone;
}

_Use_decl_annotations_
VOID
NprotUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    NPROT_INFO("unload, %lu bindings still open", Globals.OpenCount);

    NprotTeardown(&Globals);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    NdisZeroMemory(&Globals, sizeof(Globals));
    Globals.DriverObject = DriverObject;
    Globals.InitStage = NprotStageNone;

    //
    // Stage 1: locks and lists
    //
    NdisAllocateSpinLock(&Globals.OpenListLock);
    InitializeListHead(&Globals.OpenList);
    Globals.InitStage = NprotStageLocks;

    //
    // Stage 2: control device
    //
    status = NprotCreateControlDevice(&Globals);
    if (!NT_SUCCESS(status)) {
        NPROT_ERR("control device: 0x%08X", status);
        goto Failed;
    }
    Globals.InitStage = NprotStageDevice;

    //
    // Stage 3: DOS name for the management service
    //
    status = NprotCreateSymbolicLink(&Globals);
    if (!NT_SUCCESS(status)) {
        NPROT_ERR("symbolic link: 0x%08X", status);
        goto Failed;
    }
    Globals.InitStage = NprotStageSymlink;

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = NprotDispatchOpenClose;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP]        = NprotDispatchOpenClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = NprotDispatchOpenClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = NprotDispatchIoctl;
    DriverObject->DriverUnload = NprotUnload;

    //
    // Stage 4: register with NDIS.  Bind callbacks may start arriving
    // before NdisRegisterProtocolDriver returns.
    //
    status = NprotRegisterProtocol(&Globals);
    if (!NT_SUCCESS(status)) {
        NPROT_ERR("NdisRegisterProtocolDriver: 0x%08X", status);
        goto Failed;
    }
    Globals.InitStage = NprotStageProtocol;

    //
    // The control device can now accept opens.
    //
    Globals.ControlDevice->Flags &= ~DO_DEVICE_INITIALIZING;

    Globals.InitStage = NprotStageComplete;
    NPROT_INFO("loaded");
    return STATUS_SUCCESS;

Failed:
    DriverObject->DriverUnload = NULL;
    NprotTeardown(&Globals);
    return status;
}
