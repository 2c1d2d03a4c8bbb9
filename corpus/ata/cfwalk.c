/*
 * cfwalk.c - ATA miniport for the CompactFlash slot of the LX-3 panel PC,
 * from the same boot-loader code base as the LX-2's, whose byte loop walks
 * the pointer instead of indexing it: `*p++ = 0` over the structure's size
 * clears it as RtlZeroMemory would. ATA005 (note).
 */

#include <ntddk.h>
#include <ata.h>
#include <irb.h>

DRIVER_INITIALIZE DriverEntry;

static BOOLEAN CfwAdapterControl(PVOID ControllerExtension, IDE_CONTROL_ACTION ControlAction,
                                 PVOID Parameters);
static BOOLEAN CfwChannelInit(PVOID ChannelExtension, PIDE_CHANNEL_INTERFACE ChannelInterface,
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
        *p++ = 0;
    }

    ci.Version               = sizeof(IDE_CONTROLLER_INTERFACE);
    ci.AtaAdapterControl     = CfwAdapterControl;
    ci.AtaChannelInitRoutine = CfwChannelInit;
    ci.ChannelExtensionSize  = sizeof(ULONG);

    return AtaPortInitializeEx(DriverObject, RegistryPath, &ci);
}

static BOOLEAN
CfwAdapterControl(PVOID ControllerExtension, IDE_CONTROL_ACTION ControlAction, PVOID Parameters)
{
    UNREFERENCED_PARAMETER(ControllerExtension);

    if (ControlAction == IdeStart) {
        ((PIDE_CONTROLLER_CONFIGURATION)Parameters)->NumberOfChannels = 1;
    }
    return TRUE;
}

static BOOLEAN
CfwChannelInit(PVOID ChannelExtension, PIDE_CHANNEL_INTERFACE ChannelInterface, PVOID InitContext)
{
    UNREFERENCED_PARAMETER(InitContext);
    *(PULONG)ChannelExtension = ChannelInterface->ChannelNumber;
    return TRUE;
}
