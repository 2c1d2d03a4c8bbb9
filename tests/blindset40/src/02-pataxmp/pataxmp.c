/*++

Module Name:

    pataxmp.c

Abstract:

    DriverEntry for the PATA-X ATA miniport.  Everything PnP-related is
    owned by ataport; we only describe our controller interface and hand
    it to AtaPortInitializeEx.

--*/

#include "pataxmp.h"

PATAX_GLOBALS PataxGlobals;

DRIVER_INITIALIZE DriverEntry;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

//
// Installable driver initialization entry point for system.
// Returns the status from AtaPortInitializeEx().
//
_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    IDE_CONTROLLER_INTERFACE    controllerInterface;
    PPATAX_TUNING               tuning;
    NTSTATUS                    status;

    PATAX_LOG("DriverEntry %wZ", RegistryPath);

    //
    // Tuning table, shared by every channel of every controller we drive.
    //

    tuning = (PPATAX_TUNING)ExAllocatePoolWithTag(NonPagedPoolNx,
                                                  sizeof(PATAX_TUNING) * PATAX_MAX_CHANNELS,
                                                  PATAX_TAG);
    if (tuning == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = PataxReadTuning(RegistryPath, tuning);

    if (status == STATUS_OBJECT_NAME_NOT_FOUND) {

        //
        // No Parameters key - first boot after install.
        //

        PataxDefaultTuning(tuning);

    } else if (!NT_SUCCESS(status)) {

        PATAX_LOG("bad tuning parameters, status %08x", status);
        return status;
    }

    PataxGlobals.Tuning = tuning;
    PataxGlobals.ControllerCount = 0;

    //
    // Fill in the controller interface.
    //

    RtlZeroMemory(&controllerInterface, sizeof(IDE_CONTROLLER_INTERFACE));

    controllerInterface.Version                 = sizeof(IDE_CONTROLLER_INTERFACE);
    controllerInterface.ControllerExtensionSize = sizeof(PATAX_CONTROLLER_EXTENSION);
    controllerInterface.ChannelExtensionSize    = sizeof(PATAX_CHANNEL_EXTENSION);
    controllerInterface.AlignmentMask           = 1;    // word aligned

    controllerInterface.AtaChannelInitRoutine           = PataxChannelInit;
    controllerInterface.AtaControllerChannelEnabled     = PataxChannelEnabled;
    controllerInterface.AtaControllerTransferModeSelect = PataxTransferModeSelect;
    controllerInterface.AtaAdapterControl               = PataxAdapterControl;

    status = (NTSTATUS)AtaPortInitializeEx(DriverObject, RegistryPath, &controllerInterface);

    if (status != STATUS_SUCCESS) {
        PATAX_LOG("AtaPortInitializeEx failed %08x", status);
        PataxGlobals.Tuning = NULL;
        ExFreePoolWithTag(tuning, PATAX_TAG);
    } else {
        PATAX_LOG("initialized, %u channels max", PATAX_MAX_CHANNELS);
    }

    return STATUS_SUCCESS;

} // end DriverEntry()
