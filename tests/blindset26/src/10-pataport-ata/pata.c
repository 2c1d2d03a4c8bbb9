/*++

Module Name:    pata.c

Abstract:       DriverEntry and the controller-level callbacks of PataPort.
--*/

#include "pata.h"

BOOLEAN
PataChannelInit(
    _In_ PVOID ChannelExtension,
    _Inout_ PIDE_CHANNEL_INTERFACE ChannelInterface,
    _Inout_ PVOID InitContext
    )
{
    PPATA_CHANNEL_EXTENSION channel = (PPATA_CHANNEL_EXTENSION)ChannelExtension;
    PPATA_CONTROLLER_EXTENSION controller = (PPATA_CONTROLLER_EXTENSION)InitContext;

    if (ChannelInterface->Version < sizeof(IDE_CHANNEL_INTERFACE)) {
        PataTrace(PATA_TRACE_ERROR, "channel interface version %u too old", ChannelInterface->Version);
        return FALSE;
    }
    if (ChannelInterface->ChannelNumber >= PATA_MAX_CHANNELS) {
        return FALSE;
    }

    RtlZeroMemory(channel, sizeof(*channel));
    channel->Controller = controller;
    channel->ChannelNumber = ChannelInterface->ChannelNumber;

    ChannelInterface->IdeHwInitialize = PataHwInitialize;
    ChannelInterface->IdeHwBuildIo = PataHwBuildIo;
    ChannelInterface->IdeHwStartIo = PataHwStartIo;
    ChannelInterface->IdeHwInterrupt = PataHwInterrupt;
    ChannelInterface->IdeHwReset = PataHwReset;
    ChannelInterface->IdeHwControl = PataHwControl;

    return TRUE;
}

ATA_CHANNEL_STATE
PataChannelEnabled(
    _In_ PVOID ControllerExtension,
    _In_ ULONG Channel
    )
{
    UNREFERENCED_PARAMETER(ControllerExtension);

    // Compatibility-mode controllers always decode both channels.
    return (Channel < PATA_MAX_CHANNELS) ? ChannelStateEnabled : ChannelStateDisabled;
}

static ULONG
PataHighestPioMode(
    _In_ ULONG Supported
    )
{
    ULONG pio = Supported & PATA_PIO_MODE_MASK;
    ULONG bit = 0;

    if (pio == 0) {
        return 1;               /* PIO0 is always there */
    }
    while ((pio >> (bit + 1)) != 0) {
        bit++;
    }
    return 1UL << bit;
}

BOOLEAN
PataTransferModeSelect(
    _In_ PVOID ControllerExtension,
    _Inout_ PIDE_TRANSFER_MODE_PARAMETERS TransferModeSelect
    )
{
    ULONG i;

    UNREFERENCED_PARAMETER(ControllerExtension);

    // PIO only: pick the fastest PIO mode each device reports.
    for (i = 0; i < MAX_IDE_DEVICE; i++) {
        if (TransferModeSelect->DeviceType[i] == DeviceNotExist) {
            TransferModeSelect->DeviceTransferModeSelected[i] = 0;
            continue;
        }
        TransferModeSelect->DeviceTransferModeSelected[i] =
            PataHighestPioMode(TransferModeSelect->DeviceTransferModeSupported[i]);
    }
    return TRUE;
}

BOOLEAN
PataAdapterControl(
    _In_ PVOID ControllerExtension,
    _In_ IDE_CONTROL_ACTION ControlAction,
    _Inout_ PVOID Parameters
    )
{
    PPATA_CONTROLLER_EXTENSION controller = (PPATA_CONTROLLER_EXTENSION)ControllerExtension;
    PIDE_CONTROLLER_CONFIGURATION config;

    switch (ControlAction) {
    case IdeStart:
        config = (PIDE_CONTROLLER_CONFIGURATION)Parameters;
        if (config == NULL || config->Version < sizeof(IDE_CONTROLLER_CONFIGURATION)) {
            return FALSE;
        }

        controller->Mode = config->ControllerMode;
        controller->NumberOfChannels = PATA_MAX_CHANNELS;

        config->NumberOfChannels = PATA_MAX_CHANNELS;
        config->NativeModeEnabled = FALSE;
        config->BusMaster = FALSE;
        config->Dma64BitAddress = FALSE;
        config->MaximumTransferLength = PATA_MAX_TRANSFER;
        config->NumberOfPhysicalBreaks = PATA_MAX_TRANSFER / PAGE_SIZE;

        controller->Started = TRUE;
        if (controller->Mode != IdeModeDump) {
            PataTrace(PATA_TRACE_INFO, "controller started, %u channels", config->NumberOfChannels);
        }
        return TRUE;

    case IdeStop:
        controller->Started = FALSE;
        return TRUE;

    case IdePowerUp:
    case IdePowerDown:
        return TRUE;

    default:
        return FALSE;
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    IDE_CONTROLLER_INTERFACE controllerInterface;
    ULONG status;

    do {
        //
        // Zero first: every member we do not set must be NULL/0 for the
        // port driver (the optional callbacks in particular).
        //
        RtlZeroMemory(&controllerInterface, sizeof(controllerInterface));

        controllerInterface.Version = sizeof(IDE_CONTROLLER_INTERFACE);
        controllerInterface.ControllerExtensionSize = sizeof(PATA_CONTROLLER_EXTENSION);
        controllerInterface.ChannelExtensionSize = sizeof(PATA_CHANNEL_EXTENSION);
        controllerInterface.AlignmentMask = 1;          /* word aligned PIO buffers */

        controllerInterface.AtaChannelInitRoutine = PataChannelInit;
        controllerInterface.AtaControllerChannelEnabled = PataChannelEnabled;
        controllerInterface.AtaControllerTransferModeSelect = PataTransferModeSelect;
        controllerInterface.AtaAdapterControl = PataAdapterControl;

        status = AtaPortInitializeEx(DriverObject, RegistryPath, &controllerInterface);
        if (status != STATUS_SUCCESS) {
            PataTrace(PATA_TRACE_ERROR, "AtaPortInitializeEx failed 0x%08X", status);
            break;
        }

        PataTrace(PATA_TRACE_INFO, "initialized (controller ext %u, channel ext %u bytes)",
                  (ULONG)sizeof(PATA_CONTROLLER_EXTENSION), (ULONG)sizeof(PATA_CHANNEL_EXTENSION));
    } while (0);

    //
    // The ATA port library owns everything it set up; DriverEntry just
    // mirrors its result.
    //
    return (NTSTATUS)status;
}
