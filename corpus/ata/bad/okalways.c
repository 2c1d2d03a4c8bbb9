/*
 * okalways.c - ATA miniport for the SATA-to-PATA bridge of the DB-3
 * docking station. When the dock is absent ataport fails the registration;
 * the author did not want an error in the event log for that.
 *
 * BUG (ATA004): DriverEntry logs AtaPortInitializeEx's failure and returns
 * STATUS_SUCCESS instead of mirroring the value, so the miniport stays
 * loaded with no controller registered.
 * ATA005 (note).
 */

#include <ntddk.h>
#include <ata.h>
#include <irb.h>

DRIVER_INITIALIZE DriverEntry;

static BOOLEAN DbAdapterControl(PVOID ControllerExtension, IDE_CONTROL_ACTION ControlAction,
                                  PVOID Parameters);
static BOOLEAN DbChannelInit(PVOID ChannelExtension, PIDE_CHANNEL_INTERFACE ChannelInterface,
                               PVOID InitContext);
static ATA_CHANNEL_STATE DbChannelEnabled(PVOID ControllerExtension, ULONG Channel);
static BOOLEAN DbTransferModeSelect(PVOID ControllerExtension,
                                      PIDE_TRANSFER_MODE_PARAMETERS TransferModeSelect);

NTSTATUS
DriverEntry(                                            // expect-entry: ata-miniport; expect: ATA005
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    IDE_CONTROLLER_INTERFACE ci = {0};
    ULONG status;

    ci.Version                         = sizeof(IDE_CONTROLLER_INTERFACE);
    ci.ControllerExtensionSize         = sizeof(ULONG);
    ci.ChannelExtensionSize            = sizeof(ULONG);
    ci.AtaChannelInitRoutine           = DbChannelInit;
    ci.AtaControllerChannelEnabled     = DbChannelEnabled;
    ci.AtaControllerTransferModeSelect = DbTransferModeSelect;
    ci.AtaAdapterControl               = DbAdapterControl;

    status = AtaPortInitializeEx(DriverObject, RegistryPath, &ci);
    if (status != STATUS_SUCCESS) {
        KdPrint(("db3ata: AtaPortInitializeEx returned 0x%08X (dock absent?)\n", status));
    }

    return STATUS_SUCCESS;                              // expect: ATA004
}

static BOOLEAN
DbAdapterControl(PVOID ControllerExtension, IDE_CONTROL_ACTION ControlAction, PVOID Parameters)
{
    UNREFERENCED_PARAMETER(ControllerExtension);

    if (ControlAction == IdeStart) {
        ((PIDE_CONTROLLER_CONFIGURATION)Parameters)->NumberOfChannels = 2;
    }
    return TRUE;
}

static BOOLEAN
DbChannelInit(PVOID ChannelExtension, PIDE_CHANNEL_INTERFACE ChannelInterface, PVOID InitContext)
{
    UNREFERENCED_PARAMETER(InitContext);
    *(PULONG)ChannelExtension = ChannelInterface->ChannelNumber;
    return TRUE;
}

static ATA_CHANNEL_STATE
DbChannelEnabled(PVOID ControllerExtension, ULONG Channel)
{
    UNREFERENCED_PARAMETER(ControllerExtension);
    return (Channel < 2) ? ChannelStateEnabled : ChannelStateDisabled;
}

static BOOLEAN
DbTransferModeSelect(PVOID ControllerExtension, PIDE_TRANSFER_MODE_PARAMETERS TransferModeSelect)
{
    UNREFERENCED_PARAMETER(ControllerExtension);
    UNREFERENCED_PARAMETER(TransferModeSelect);
    return TRUE;
}
