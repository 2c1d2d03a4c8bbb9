/*
 * chaninit.c - ATA miniport for the PATA channel pair of the QX-2 bridge,
 * converted in 2.0 to the channel interface (AtaChannelInitRoutine).
 *
 * BUG (ATA003): AtaChannelInitRoutine is set but ChannelExtensionSize is
 * not, so ataport allocates no channel extension and QxChannelInit writes
 * through a zero-length buffer.
 * ATA005 (note).
 */

#include <ntddk.h>
#include <ata.h>
#include <irb.h>

DRIVER_INITIALIZE DriverEntry;

static BOOLEAN QxAdapterControl(PVOID ControllerExtension, IDE_CONTROL_ACTION ControlAction,
                                  PVOID Parameters);
static BOOLEAN QxChannelInit(PVOID ChannelExtension, PIDE_CHANNEL_INTERFACE ChannelInterface,
                               PVOID InitContext);
static ATA_CHANNEL_STATE QxChannelEnabled(PVOID ControllerExtension, ULONG Channel);
static BOOLEAN QxTransferModeSelect(PVOID ControllerExtension,
                                      PIDE_TRANSFER_MODE_PARAMETERS TransferModeSelect);

NTSTATUS
DriverEntry(                                            // expect-entry: ata-miniport; expect: ATA005
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    IDE_CONTROLLER_INTERFACE ci;

    RtlZeroMemory(&ci, sizeof(ci));
    ci.Version                         = sizeof(ci);
    ci.ControllerExtensionSize         = sizeof(ULONG);
    ci.AtaChannelInitRoutine           = QxChannelInit;
    ci.AtaControllerChannelEnabled     = QxChannelEnabled;
    ci.AtaControllerTransferModeSelect = QxTransferModeSelect;
    ci.AtaAdapterControl               = QxAdapterControl;

    return AtaPortInitializeEx(DriverObject, RegistryPath, &ci);     // expect: ATA003
}

static BOOLEAN
QxAdapterControl(PVOID ControllerExtension, IDE_CONTROL_ACTION ControlAction, PVOID Parameters)
{
    UNREFERENCED_PARAMETER(ControllerExtension);

    if (ControlAction == IdeStart) {
        ((PIDE_CONTROLLER_CONFIGURATION)Parameters)->NumberOfChannels = 2;
    }
    return TRUE;
}

static BOOLEAN
QxChannelInit(PVOID ChannelExtension, PIDE_CHANNEL_INTERFACE ChannelInterface, PVOID InitContext)
{
    UNREFERENCED_PARAMETER(InitContext);
    *(PULONG)ChannelExtension = ChannelInterface->ChannelNumber;
    return TRUE;
}

static ATA_CHANNEL_STATE
QxChannelEnabled(PVOID ControllerExtension, ULONG Channel)
{
    UNREFERENCED_PARAMETER(ControllerExtension);
    return (Channel < 2) ? ChannelStateEnabled : ChannelStateDisabled;
}

static BOOLEAN
QxTransferModeSelect(PVOID ControllerExtension, PIDE_TRANSFER_MODE_PARAMETERS TransferModeSelect)
{
    UNREFERENCED_PARAMETER(ControllerExtension);
    UNREFERENCED_PARAMETER(TransferModeSelect);
    return TRUE;
}
