/*
 * walklate.c - ATA miniport for a second PATA bridge of the industrial
 * board. The same merge pasted the "clear before use" loop, in its
 * pointer-walking form (`*p++ = 0`), below the field setup: it wipes Version
 * and AtaAdapterControl again (ATA002). ATA005 (note).
 */

#include <ntddk.h>
#include <ata.h>
#include <irb.h>

DRIVER_INITIALIZE DriverEntry;

static BOOLEAN WlAdapterControl(PVOID ControllerExtension, IDE_CONTROL_ACTION ControlAction,
                                PVOID Parameters);

NTSTATUS
DriverEntry(                                            // expect-entry: ata-miniport; expect: ATA005
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    IDE_CONTROLLER_INTERFACE ci;
    PUCHAR p;
    ULONG i;

    ci.Version           = sizeof(IDE_CONTROLLER_INTERFACE);
    ci.AtaAdapterControl = WlAdapterControl;

    p = (PUCHAR)&ci;
    for (i = 0; i < sizeof(ci); i++) {
        *p++ = 0;
    }

    return AtaPortInitializeEx(DriverObject, RegistryPath, &ci);   // expect: ATA002
}

static BOOLEAN
WlAdapterControl(PVOID ControllerExtension, IDE_CONTROL_ACTION ControlAction, PVOID Parameters)
{
    UNREFERENCED_PARAMETER(ControllerExtension);

    if (ControlAction == IdeStart) {
        ((PIDE_CONTROLLER_CONFIGURATION)Parameters)->NumberOfChannels = 2;
    }
    return TRUE;
}
