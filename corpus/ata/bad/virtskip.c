/*
 * virtskip.c - ATA miniport for the IDE function of the LX-800 embedded
 * bridge. Under a hypervisor the emulated controller is better served by
 * the inbox driver, so the miniport bows out there.
 *
 * BUG (ATA001): the bow-out returns STATUS_SUCCESS before AtaPortInitializeEx:
 * the miniport stays loaded but never registers with the ATA port driver, so
 * the controller is never started. It should fail DriverEntry instead.
 * ATA005 (note): every ATA miniport is told that Storport is recommended.
 */

#include <ntddk.h>
#include <ata.h>
#include <irb.h>

DRIVER_INITIALIZE DriverEntry;

static BOOLEAN LxAdapterControl(PVOID ControllerExtension, IDE_CONTROL_ACTION ControlAction,
                                  PVOID Parameters);
static BOOLEAN LxChannelInit(PVOID ChannelExtension, PIDE_CHANNEL_INTERFACE ChannelInterface,
                               PVOID InitContext);
static ATA_CHANNEL_STATE LxChannelEnabled(PVOID ControllerExtension, ULONG Channel);
static BOOLEAN LxTransferModeSelect(PVOID ControllerExtension,
                                      PIDE_TRANSFER_MODE_PARAMETERS TransferModeSelect);

static BOOLEAN
LxRunningVirtualized(VOID)
{
    int regs[4];

    __cpuid(regs, 1);
    return (regs[2] & (1 << 31)) != 0;      /* CPUID.1:ECX.hypervisor */
}

NTSTATUS
DriverEntry(                                            // expect-entry: ata-miniport; expect: ATA005
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    IDE_CONTROLLER_INTERFACE ci;

    if (LxRunningVirtualized()) {
        return STATUS_SUCCESS;                          // expect: ATA001
    }

    RtlZeroMemory(&ci, sizeof(ci));
    ci.Version                         = sizeof(IDE_CONTROLLER_INTERFACE);
    ci.ControllerExtensionSize         = sizeof(ULONG);
    ci.ChannelExtensionSize            = sizeof(ULONG);
    ci.AtaChannelInitRoutine           = LxChannelInit;
    ci.AtaControllerChannelEnabled     = LxChannelEnabled;
    ci.AtaControllerTransferModeSelect = LxTransferModeSelect;
    ci.AtaAdapterControl               = LxAdapterControl;

    return AtaPortInitializeEx(DriverObject, RegistryPath, &ci);
}

static BOOLEAN
LxAdapterControl(PVOID ControllerExtension, IDE_CONTROL_ACTION ControlAction, PVOID Parameters)
{
    UNREFERENCED_PARAMETER(ControllerExtension);

    if (ControlAction == IdeStart) {
        ((PIDE_CONTROLLER_CONFIGURATION)Parameters)->NumberOfChannels = 2;
    }
    return TRUE;
}

static BOOLEAN
LxChannelInit(PVOID ChannelExtension, PIDE_CHANNEL_INTERFACE ChannelInterface, PVOID InitContext)
{
    UNREFERENCED_PARAMETER(InitContext);
    *(PULONG)ChannelExtension = ChannelInterface->ChannelNumber;
    return TRUE;
}

static ATA_CHANNEL_STATE
LxChannelEnabled(PVOID ControllerExtension, ULONG Channel)
{
    UNREFERENCED_PARAMETER(ControllerExtension);
    return (Channel < 2) ? ChannelStateEnabled : ChannelStateDisabled;
}

static BOOLEAN
LxTransferModeSelect(PVOID ControllerExtension, PIDE_TRANSFER_MODE_PARAMETERS TransferModeSelect)
{
    UNREFERENCED_PARAMETER(ControllerExtension);
    UNREFERENCED_PARAMETER(TransferModeSelect);
    return TRUE;
}
