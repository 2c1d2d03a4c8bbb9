// entry.c - DriverEntry and the controller-level entry points

#include "pata.h"

static BOOLEAN PxAdapterControl(_In_ PVOID ControllerExtension, _In_ IDE_CONTROL_ACTION ControlAction,
                                _Inout_opt_ PVOID Parameters);
static ATA_CHANNEL_STATE PxChannelEnabled(_In_ PVOID ControllerExtension, _In_ ULONG Channel);
static BOOLEAN PxTransferModeSelect(_In_ PVOID ControllerExtension,
                                    _Inout_ PIDE_TRANSFER_MODE_PARAMETERS TransferModeSelect);
static BOOLEAN PxChannelInit(_In_ PVOID ChannelExtension, _Inout_ PIDE_CHANNEL_INTERFACE ChannelInterface,
                             _Inout_opt_ PVOID InitContext);

ULONG
DriverEntry(
    _In_ PVOID DriverObject,
    _In_ PVOID RegistryPath
    )
/*++

Routine Description:

    Builds the controller interface and hands it to the port driver. The
    port driver owns the driver object from here on (dispatch table,
    driver extension, unload), so there is nothing else to set up or undo.

Return Value:

    The status returned by AtaPortInitializeEx.

--*/
{
    IDE_CONTROLLER_INTERFACE controllerInterface;

    RtlZeroMemory(&controllerInterface, sizeof(controllerInterface));

    controllerInterface.Version                 = sizeof(IDE_CONTROLLER_INTERFACE);
    controllerInterface.ControllerExtensionSize = sizeof(PX_CONTROLLER_EXTENSION);
    controllerInterface.ChannelExtensionSize    = sizeof(PX_CHANNEL_EXTENSION);
    controllerInterface.AlignmentMask           = 1;    /* word aligned PIO buffers */

    controllerInterface.AtaChannelInitRoutine           = PxChannelInit;
    controllerInterface.AtaControllerChannelEnabled     = PxChannelEnabled;
    controllerInterface.AtaControllerTransferModeSelect = PxTransferModeSelect;
    controllerInterface.AtaAdapterControl               = PxAdapterControl;

    return AtaPortInitializeEx(DriverObject, RegistryPath, &controllerInterface);
}

static BOOLEAN
PxAdapterControl(
    _In_ PVOID ControllerExtension,
    _In_ IDE_CONTROL_ACTION ControlAction,
    _Inout_opt_ PVOID Parameters
    )
{
    PPX_CONTROLLER_EXTENSION controller = (PPX_CONTROLLER_EXTENSION)ControllerExtension;
    PIDE_CONTROLLER_CONFIGURATION config;

    switch (ControlAction) {

    case IdeStart:
        config = (PIDE_CONTROLLER_CONFIGURATION)Parameters;
        if (config == NULL || config->Version < sizeof(IDE_CONTROLLER_CONFIGURATION)) {
            return FALSE;
        }

        controller->NumberOfChannels = PX_MAX_CHANNELS;
        controller->NativeMode = FALSE;

        config->NumberOfChannels       = PX_MAX_CHANNELS;
        config->NativeModeEnabled      = FALSE;
        config->BusMaster              = FALSE;
        config->Dma64BitAddress        = FALSE;
        config->MaximumTransferLength  = PX_MAX_TRANSFER_BYTES;
        config->NumberOfPhysicalBreaks = (UCHAR)(PX_MAX_TRANSFER_BYTES / PAGE_SIZE);
        config->AtaBusType             = IdeBusPata;
        return TRUE;

    case IdeStop:
    case IdePowerUp:
    case IdePowerDown:
        /* no controller-wide state beyond PCI config, which the BIOS owns */
        return TRUE;

    default:
        return FALSE;
    }
}

static ATA_CHANNEL_STATE
PxChannelEnabled(
    _In_ PVOID ControllerExtension,
    _In_ ULONG Channel
    )
{
    USHORT timing = 0;

    if (Channel >= PX_MAX_CHANNELS) {
        return ChannelStateDisabled;
    }

    if (AtaPortGetBusData(ControllerExtension, &timing, PX_PCI_TIMING_REG(Channel),
                          sizeof(timing)) != sizeof(timing)) {
        return ChannelStateUnKnown;
    }

    return (timing & PX_TIMING_DECODE_ENABLE) ? ChannelStateEnabled : ChannelStateDisabled;
}

static BOOLEAN
PxTransferModeSelect(
    _In_ PVOID ControllerExtension,
    _Inout_ PIDE_TRANSFER_MODE_PARAMETERS TransferModeSelect
    )
{
    ULONG i;
    ULONG pioModes;
    ULONG best;

    UNREFERENCED_PARAMETER(ControllerExtension);

    for (i = 0; i < MAX_IDE_DEVICE; i++) {

        TransferModeSelect->DeviceTransferModeSelected[i] = 0;

        if (TransferModeSelect->DeviceType[i] != DeviceIsAta) {
            continue;
        }

        /* PIO only: pick the fastest PIO mode both sides support, at least PIO0 */
        pioModes = TransferModeSelect->DeviceTransferModeSupported[i] & PIO_SUPPORT;
        if (pioModes == 0) {
            pioModes = PIO_MODE0;
        }
        GetHighestBitSet(pioModes, best);
        TransferModeSelect->DeviceTransferModeSelected[i] = (1 << best);
    }

    return TRUE;
}

static BOOLEAN
PxChannelInit(
    _In_ PVOID ChannelExtension,
    _Inout_ PIDE_CHANNEL_INTERFACE ChannelInterface,
    _Inout_opt_ PVOID InitContext
    )
{
    PPX_CHANNEL_EXTENSION channel = (PPX_CHANNEL_EXTENSION)ChannelExtension;
    PPX_CONTROLLER_EXTENSION controller = (PPX_CONTROLLER_EXTENSION)InitContext;

    if (ChannelInterface->Version < sizeof(IDE_CHANNEL_INTERFACE) || controller == NULL ||
        ChannelInterface->ChannelNumber >= PX_MAX_CHANNELS) {
        return FALSE;
    }

    channel->Controller = controller;
    channel->ChannelNumber = ChannelInterface->ChannelNumber;
    channel->CurrentIrb = NULL;
    controller->Channel[channel->ChannelNumber] = channel;

    ChannelInterface->IdeHwInitialize = PxHwInitialize;
    ChannelInterface->IdeHwBuildIo    = PxHwBuildIo;
    ChannelInterface->IdeHwStartIo    = PxHwStartIo;
    ChannelInterface->IdeHwInterrupt  = PxHwInterrupt;
    ChannelInterface->IdeHwReset      = PxHwReset;
    ChannelInterface->IdeHwControl    = PxHwControl;

    return TRUE;
}
