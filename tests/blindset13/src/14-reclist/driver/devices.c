/*
 * devices.c - the two RecList devices, created from a table.
 */
#include "reclist.h"

static const struct {
    PCWSTR  Device;
    PCWSTR  Link;
    BOOLEAN Admin;
} g_DevTable[RL_DEVICE_COUNT] = {
    { L"\\Device\\RecList",      L"\\DosDevices\\RecList",      FALSE },
    { L"\\Device\\RecListAdmin", L"\\DosDevices\\RecListAdmin", TRUE  },
};

NTSTATUS DevCreateAll(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING name, link;
    PDEVICE_OBJECT dev;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG i;

    for (i = 0; i < RL_DEVICE_COUNT; i++) {
        RtlInitUnicodeString(&name, g_DevTable[i].Device);
        RtlInitUnicodeString(&link, g_DevTable[i].Link);

        status = IoCreateDevice(DriverObject, sizeof(RL_DEVICE_EXT), &name, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &dev);
        if (!NT_SUCCESS(status)) {
            break;
        }
        ((PRL_DEVICE_EXT)dev->DeviceExtension)->Admin = g_DevTable[i].Admin;

        status = IoCreateSymbolicLink(&link, &name);
        if (!NT_SUCCESS(status)) {
            IoDeleteDevice(dev);
            break;
        }
        dev->Flags |= DO_BUFFERED_IO;
        dev->Flags &= ~DO_DEVICE_INITIALIZING;
        g_Rl.Devices[i] = dev;
    }

    if (!NT_SUCCESS(status)) {
        LOG("device %lu failed 0x%08X", i, status);
        /* i is the one that failed; undo 0 .. i-1 */
        while (i-- > 0) {
            RtlInitUnicodeString(&link, g_DevTable[i].Link);
            IoDeleteSymbolicLink(&link);
            IoDeleteDevice(g_Rl.Devices[i]);
            g_Rl.Devices[i] = NULL;
        }
    }
    return status;
}

VOID DevDeleteAll(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link;
    ULONG i;

    UNREFERENCED_PARAMETER(DriverObject);

    for (i = 0; i < RL_DEVICE_COUNT; i++) {
        if (g_Rl.Devices[i] != NULL) {
            RtlInitUnicodeString(&link, g_DevTable[i].Link);
            IoDeleteSymbolicLink(&link);
            IoDeleteDevice(g_Rl.Devices[i]);
            g_Rl.Devices[i] = NULL;
        }
    }
}
