/*
 * nozero.c - ATA miniport for the CF-card socket of the HB-6 handheld. The
 * IDE_CONTROLLER_INTERFACE lives on the stack and only the fields the
 * author knew about are written.
 *
 * BUG (ATA002): the structure is never zeroed, so AlignmentMask,
 * ControllerExtensionSize and every field added by a later irb.h hold stack
 * garbage when ataport reads them.
 * ATA005 (note).
 */

#include <ntddk.h>
#include <ata.h>
#include <irb.h>

DRIVER_INITIALIZE DriverEntry;

static BOOLEAN HbAdapterControl(PVOID ControllerExtension, IDE_CONTROL_ACTION ControlAction,
                                  PVOID Parameters);
static BOOLEAN HbChannelInit(PVOID ChannelExtension, PIDE_CHANNEL_INTERFACE ChannelInterface,
                               PVOID InitContext);
static ATA_CHANNEL_STATE HbChannelEnabled(PVOID ControllerExtension, ULONG Channel);
static BOOLEAN HbTransferModeSelect(PVOID ControllerExtension,
                                      PIDE_TRANSFER_MODE_PARAMETERS TransferModeSelect);

NTSTATUS
DriverEntry(                                            // expect-entry: ata-miniport; expect: ATA005
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    IDE_CONTROLLER_INTERFACE ci;
    NTSTATUS status;

    ci.Version                         = sizeof(IDE_CONTROLLER_INTERFACE);
    ci.ChannelExtensionSize            = sizeof(ULONG);
    ci.AtaChannelInitRoutine           = HbChannelInit;
    ci.AtaControllerChannelEnabled     = HbChannelEnabled;
    ci.AtaControllerTransferModeSelect = HbTransferModeSelect;
    ci.AtaAdapterControl               = HbAdapterControl;

    status = AtaPortInitializeEx(DriverObject, RegistryPath, &ci);   // expect: ATA002
    return status;
}

static BOOLEAN
HbAdapterControl(PVOID ControllerExtension, IDE_CONTROL_ACTION ControlAction, PVOID Parameters)
{
    UNREFERENCED_PARAMETER(ControllerExtension);

    if (ControlAction == IdeStart) {
        ((PIDE_CONTROLLER_CONFIGURATION)Parameters)->NumberOfChannels = 2;
    }
    return TRUE;
}

static BOOLEAN
HbChannelInit(PVOID ChannelExtension, PIDE_CHANNEL_INTERFACE ChannelInterface, PVOID InitContext)
{
    UNREFERENCED_PARAMETER(InitContext);
    *(PULONG)ChannelExtension = ChannelInterface->ChannelNumber;
    return TRUE;
}

static ATA_CHANNEL_STATE
HbChannelEnabled(PVOID ControllerExtension, ULONG Channel)
{
    UNREFERENCED_PARAMETER(ControllerExtension);
    return (Channel < 2) ? ChannelStateEnabled : ChannelStateDisabled;
}

static BOOLEAN
HbTransferModeSelect(PVOID ControllerExtension, PIDE_TRANSFER_MODE_PARAMETERS TransferModeSelect)
{
    UNREFERENCED_PARAMETER(ControllerExtension);
    UNREFERENCED_PARAMETER(TransferModeSelect);
    return TRUE;
}
