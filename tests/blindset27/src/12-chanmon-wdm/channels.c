/*
 * channels.c - creation and deletion of the per-channel device objects.
 */
#include "chanmon.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, CmCreateChannels)
#pragma alloc_text(PAGE, CmDeleteChannels)
#endif

static NTSTATUS
CmCreateOneChannel(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ ULONG Index,
    _Outptr_ PDEVICE_OBJECT *Device
    )
{
    NTSTATUS status;
    DECLARE_UNICODE_STRING_SIZE(deviceName, CM_NAME_CHARS);
    PDEVICE_OBJECT dev = NULL;
    PCM_CHANNEL_EXT ext;

    *Device = NULL;

    status = RtlUnicodeStringPrintf(&deviceName, L"\\Device\\ChanMon%lu", Index);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    /* IoCreateDevice and IoCreateSymbolicLink copy the name. */
    status = IoCreateDevice(DriverObject, sizeof(CM_CHANNEL_EXT), &deviceName,
                            FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &dev);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    __try {
        ext = (PCM_CHANNEL_EXT)dev->DeviceExtension;
        RtlZeroMemory(ext, sizeof(*ext));
        ext->Index = Index;
        ext->Seed = 0x9E3779B9u * (Index + 1);
        KeInitializeSpinLock(&ext->Lock);

        RtlInitEmptyUnicodeString(&ext->LinkName, ext->LinkBuffer, sizeof(ext->LinkBuffer));
        status = RtlUnicodeStringPrintf(&ext->LinkName, L"\\DosDevices\\ChanMon%lu", Index);
        if (!NT_SUCCESS(status)) {
            __leave;
        }

        status = IoCreateSymbolicLink(&ext->LinkName, &deviceName);
        if (!NT_SUCCESS(status)) {
            __leave;
        }
        ext->LinkCreated = TRUE;

        dev->Flags |= DO_BUFFERED_IO;
        dev->Flags &= ~DO_DEVICE_INITIALIZING;
        *Device = dev;

    } __finally {
        if (!NT_SUCCESS(status)) {
            IoDeleteDevice(dev);
        }
    }

    return status;
}

NTSTATUS
CmCreateChannels(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    NTSTATUS status = STATUS_SUCCESS;
    ULONG i;

    for (i = 0; i < CM_CHANNELS; i++) {
        status = CmCreateOneChannel(DriverObject, i, &g_Cm.Channels[i]);
        if (!NT_SUCCESS(status)) {
            break;
        }
        g_Cm.ChannelCount++;
    }

    if (!NT_SUCCESS(status)) {
        /* Channels 0 .. i-1 exist; remove them before failing. */
        CmDeleteChannels();
    }
    return status;
}

VOID
CmDeleteChannels(VOID)
{
    PAGED_CODE();

    while (g_Cm.ChannelCount > 0) {
        ULONG i = --g_Cm.ChannelCount;
        PDEVICE_OBJECT dev = g_Cm.Channels[i];
        PCM_CHANNEL_EXT ext = (PCM_CHANNEL_EXT)dev->DeviceExtension;

        if (ext->LinkCreated) {
            IoDeleteSymbolicLink(&ext->LinkName);
            ext->LinkCreated = FALSE;
        }

        g_Cm.Channels[i] = NULL;
        IoDeleteDevice(dev);
    }
}
