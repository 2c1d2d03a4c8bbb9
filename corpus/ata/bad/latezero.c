/*
 * latezero.c - ATA miniport for a PATA bridge on an industrial board. A
 * "clear before use" loop was pasted below the field setup during a merge:
 * the byte loop wipes Version and AtaAdapterControl again (ATA002).
 * ATA005 (note).
 */

#include <ntddk.h>
#include <ata.h>
#include <irb.h>

DRIVER_INITIALIZE DriverEntry;

static BOOLEAN LzAdapterControl(PVOID ControllerExtension, IDE_CONTROL_ACTION ControlAction,
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
    ci.AtaAdapterControl = LzAdapterControl;

    p = (PUCHAR)&ci;
    for (i = 0; i < sizeof(ci); i++) {
        p[i] = 0;
    }

    return AtaPortInitializeEx(DriverObject, RegistryPath, &ci);   // expect: ATA002
}

static BOOLEAN
LzAdapterControl(PVOID ControllerExtension, IDE_CONTROL_ACTION ControlAction, PVOID Parameters)
{
    UNREFERENCED_PARAMETER(ControllerExtension);

    if (ControlAction == IdeStart) {
        ((PIDE_CONTROLLER_CONFIGURATION)Parameters)->NumberOfChannels = 2;
    }
    return TRUE;
}
