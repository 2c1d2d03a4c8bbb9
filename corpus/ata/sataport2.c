/*
 * sataport2.c - ATA miniport for the two-port SATA-150 bridge used on the
 * SR-2 RAID-less add-in card. The card emulates PCI IDE, so most of the
 * work is done by ataport; this miniport reports channel state from the
 * bridge's PHY status registers and picks transfer modes.
 */

#include <ntddk.h>
#include <ata.h>
#include <irb.h>

#define SR2_CHANNELS 2

typedef struct _SR2_CONTROLLER {
    ULONG PhyStatus[SR2_CHANNELS];
} SR2_CONTROLLER, *PSR2_CONTROLLER;

typedef struct _SR2_CHANNEL {
    PSR2_CONTROLLER Controller;
    ULONG           Index;
} SR2_CHANNEL, *PSR2_CHANNEL;

DRIVER_INITIALIZE DriverEntry;

static BOOLEAN Sr2ChannelInit(PVOID ChannelExtension, PIDE_CHANNEL_INTERFACE ChannelInterface,
                              PVOID InitContext);
static ATA_CHANNEL_STATE Sr2ChannelEnabled(PVOID ControllerExtension, ULONG Channel);
static BOOLEAN Sr2TransferModeSelect(PVOID ControllerExtension,
                                     PIDE_TRANSFER_MODE_PARAMETERS TransferModeSelect);
static BOOLEAN Sr2AdapterControl(PVOID ControllerExtension, IDE_CONTROL_ACTION ControlAction,
                                 PVOID Parameters);

NTSTATUS
DriverEntry(                                            // expect-entry: ata-miniport; expect: ATA005
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    IDE_CONTROLLER_INTERFACE ci = {0};
    ULONG status;

    ci.Version                         = sizeof(ci);
    ci.ControllerExtensionSize         = sizeof(SR2_CONTROLLER);
    ci.ChannelExtensionSize            = sizeof(SR2_CHANNEL);
    ci.AtaChannelInitRoutine           = Sr2ChannelInit;
    ci.AtaControllerChannelEnabled     = Sr2ChannelEnabled;
    ci.AtaControllerTransferModeSelect = Sr2TransferModeSelect;
    ci.AtaAdapterControl               = Sr2AdapterControl;
    ci.AlignmentMask                   = 1;

    status = AtaPortInitializeEx(DriverObject, RegistryPath, &ci);

    /* Mirror the port driver's answer, as documented. */
    return (NTSTATUS)status;
}

static BOOLEAN
Sr2AdapterControl(
    PVOID ControllerExtension,
    IDE_CONTROL_ACTION ControlAction,
    PVOID Parameters
    )
{
    PSR2_CONTROLLER controller = (PSR2_CONTROLLER)ControllerExtension;
    ULONG i;

    if (ControlAction == IdeStart) {
        ((PIDE_CONTROLLER_CONFIGURATION)Parameters)->NumberOfChannels = SR2_CHANNELS;
        for (i = 0; i < SR2_CHANNELS; i++) {
            controller->PhyStatus[i] = 0;
        }
    }
    return TRUE;
}

static BOOLEAN
Sr2ChannelInit(
    PVOID ChannelExtension,
    PIDE_CHANNEL_INTERFACE ChannelInterface,
    PVOID InitContext
    )
{
    PSR2_CHANNEL channel = (PSR2_CHANNEL)ChannelExtension;

    channel->Controller = (PSR2_CONTROLLER)InitContext;
    channel->Index = ChannelInterface->ChannelNumber;
    return TRUE;
}

static ATA_CHANNEL_STATE
Sr2ChannelEnabled(
    PVOID ControllerExtension,
    ULONG Channel
    )
{
    PSR2_CONTROLLER controller = (PSR2_CONTROLLER)ControllerExtension;

    if (Channel >= SR2_CHANNELS) {
        return ChannelStateDisabled;
    }
    /* PHY not read yet at the first query: let ataport probe. */
    return (controller->PhyStatus[Channel] != 0) ? ChannelStateEnabled : ChannelStateUnKnown;
}

static BOOLEAN
Sr2TransferModeSelect(
    PVOID ControllerExtension,
    PIDE_TRANSFER_MODE_PARAMETERS TransferModeSelect
    )
{
    UNREFERENCED_PARAMETER(ControllerExtension);
    UNREFERENCED_PARAMETER(TransferModeSelect);
    return TRUE;
}
