/*
 * vpata.c - ATA miniport for the parallel-ATA function of the VP-686
 * south bridge (two channels, legacy or native PCI mode, UDMA/100).
 * Runs under the ATA port driver (ataport.sys) with the channel interface.
 *
 * Note: new controllers should get a Storport miniport instead; this one
 * is kept only for the installed base of embedded boards.
 */

#include <ntddk.h>
#include <ata.h>
#include <irb.h>

#define VPATA_MAX_CHANNELS  2

typedef struct _VPATA_CONTROLLER_EXTENSION {
    USHORT  VendorId;
    USHORT  DeviceId;
    UCHAR   Revision;
    BOOLEAN NativeMode;
    ULONG   ChannelCount;
} VPATA_CONTROLLER_EXTENSION, *PVPATA_CONTROLLER_EXTENSION;

typedef struct _VPATA_CHANNEL_EXTENSION {
    PVPATA_CONTROLLER_EXTENSION Controller;
    ULONG   Channel;
    UCHAR   UdmaMode[2];
} VPATA_CHANNEL_EXTENSION, *PVPATA_CHANNEL_EXTENSION;

/*
 * Port form of DriverEntry (ataport passes the two arguments through). No role
 * type fits this form, so DE002 notes the missing DRIVER_INITIALIZE declaration.
 */
ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath);

/* irb.h's IDE_* callback types are pointer types: plain prototypes here. */
BOOLEAN VpAtaChannelInit(PVOID ChannelExtension, PIDE_CHANNEL_INTERFACE ChannelInterface,
                         PVOID InitContext);
ATA_CHANNEL_STATE VpAtaChannelEnabled(PVOID ControllerExtension, ULONG Channel);
BOOLEAN VpAtaTransferModeSelect(PVOID ControllerExtension,
                                PIDE_TRANSFER_MODE_PARAMETERS TransferModeSelect);
BOOLEAN VpAtaAdapterControl(PVOID ControllerExtension, IDE_CONTROL_ACTION ControlAction,
                            PVOID Parameters);

ULONG
DriverEntry(                                            // expect-entry: ata-miniport; expect: ATA005
    PVOID DriverObject,
    PVOID RegistryPath
    )
{
    IDE_CONTROLLER_INTERFACE controllerInterface;

    RtlZeroMemory(&controllerInterface, sizeof(IDE_CONTROLLER_INTERFACE));

    controllerInterface.Version = sizeof(IDE_CONTROLLER_INTERFACE);
    controllerInterface.ControllerExtensionSize = sizeof(VPATA_CONTROLLER_EXTENSION);

    /* Channel interface: ChannelExtensionSize goes with AtaChannelInitRoutine. */
    controllerInterface.AtaChannelInitRoutine = VpAtaChannelInit;
    controllerInterface.ChannelExtensionSize  = sizeof(VPATA_CHANNEL_EXTENSION);

    controllerInterface.AtaControllerChannelEnabled     = VpAtaChannelEnabled;
    controllerInterface.AtaControllerTransferModeSelect = VpAtaTransferModeSelect;
    controllerInterface.AtaAdapterControl               = VpAtaAdapterControl;

    /* Bus-master descriptor tables must be dword aligned. */
    controllerInterface.AlignmentMask = 3;

    return AtaPortInitializeEx(DriverObject, RegistryPath, &controllerInterface);
}

BOOLEAN
VpAtaAdapterControl(
    PVOID ControllerExtension,
    IDE_CONTROL_ACTION ControlAction,
    PVOID Parameters
    )
{
    PVPATA_CONTROLLER_EXTENSION controller = (PVPATA_CONTROLLER_EXTENSION)ControllerExtension;
    PIDE_CONTROLLER_CONFIGURATION config;

    switch (ControlAction) {
    case IdeStart:
        config = (PIDE_CONTROLLER_CONFIGURATION)Parameters;
        config->NumberOfChannels = VPATA_MAX_CHANNELS;
        controller->ChannelCount = VPATA_MAX_CHANNELS;
        return TRUE;

    case IdeStop:
    case IdePowerUp:
    case IdePowerDown:
        return TRUE;

    case IdeVendorDefined:
    default:
        return FALSE;
    }
}

BOOLEAN
VpAtaChannelInit(
    PVOID ChannelExtension,
    PIDE_CHANNEL_INTERFACE ChannelInterface,
    PVOID InitContext
    )
{
    PVPATA_CHANNEL_EXTENSION channel = (PVPATA_CHANNEL_EXTENSION)ChannelExtension;
    PVPATA_CONTROLLER_EXTENSION controller = (PVPATA_CONTROLLER_EXTENSION)InitContext;

    channel->Controller = controller;
    channel->Channel = ChannelInterface->ChannelNumber;
    channel->UdmaMode[0] = channel->UdmaMode[1] = 0xFF;    /* not yet negotiated */

    /* Task-file I/O is handled by the port driver's default routines. */
    return (channel->Channel < controller->ChannelCount);
}

ATA_CHANNEL_STATE
VpAtaChannelEnabled(
    PVOID ControllerExtension,
    ULONG Channel
    )
{
    PVPATA_CONTROLLER_EXTENSION controller = (PVPATA_CONTROLLER_EXTENSION)ControllerExtension;

    /* Both channels are always wired on this chip; BIOS may disable one. */
    if (Channel >= VPATA_MAX_CHANNELS) {
        return ChannelStateDisabled;
    }
    return (controller->ChannelCount > Channel) ? ChannelStateEnabled : ChannelStateUnKnown;
}

BOOLEAN
VpAtaTransferModeSelect(
    PVOID ControllerExtension,
    PIDE_TRANSFER_MODE_PARAMETERS TransferModeSelect
    )
{
    UNREFERENCED_PARAMETER(ControllerExtension);
    UNREFERENCED_PARAMETER(TransferModeSelect);

    /* Timing registers are programmed from the port driver's selection. */
    return TRUE;
}
