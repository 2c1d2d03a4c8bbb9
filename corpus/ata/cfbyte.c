/*
 * cfbyte.c - ATA miniport for the CompactFlash slot of the LX-2 panel PC.
 * The code base is shared with a boot loader that has no RtlZeroMemory,
 * so structures are cleared with a byte loop over their size.
 * ATA005 (note).
 */

#include <ntddk.h>
#include <ata.h>
#include <irb.h>

DRIVER_INITIALIZE DriverEntry;

static BOOLEAN CfbAdapterControl(PVOID ControllerExtension, IDE_CONTROL_ACTION ControlAction,
                                 PVOID Parameters);
static BOOLEAN CfbChannelInit(PVOID ChannelExtension, PIDE_CHANNEL_INTERFACE ChannelInterface,
                              PVOID InitContext);

NTSTATUS
DriverEntry(                                            // expect-entry: ata-miniport; expect: ATA005
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    IDE_CONTROLLER_INTERFACE ci;
    PUCHAR p = (PUCHAR)&ci;
    ULONG i;

    for (i = 0; i < sizeof(ci); i++) {
        p[i] = 0;
    }

    ci.Version               = sizeof(IDE_CONTROLLER_INTERFACE);
    ci.AtaAdapterControl     = CfbAdapterControl;
    ci.AtaChannelInitRoutine = CfbChannelInit;
    ci.ChannelExtensionSize  = sizeof(ULONG);

    return AtaPortInitializeEx(DriverObject, RegistryPath, &ci);
}

static BOOLEAN
CfbAdapterControl(PVOID ControllerExtension, IDE_CONTROL_ACTION ControlAction, PVOID Parameters)
{
    UNREFERENCED_PARAMETER(ControllerExtension);

    if (ControlAction == IdeStart) {
        ((PIDE_CONTROLLER_CONFIGURATION)Parameters)->NumberOfChannels = 1;
    }
    return TRUE;
}

static BOOLEAN
CfbChannelInit(PVOID ChannelExtension, PIDE_CHANNEL_INTERFACE ChannelInterface, PVOID InitContext)
{
    UNREFERENCED_PARAMETER(InitContext);
    *(PULONG)ChannelExtension = ChannelInterface->ChannelNumber;
    return TRUE;
}
