/*
 * delhelper.c - the bad twin of ../delhelper.c: a driver that keeps a settings block, allocated before its
 * control device, and means to free it on failure through a delete helper
 * given the block's address; the exit path tests the device instead of the
 * status, so a failed IoCreateDevice leaves the block.
 *
 * Violates: DE006.
 */

#include <ntddk.h>

#define DH_TAG 'lHeD'

typedef struct _DH_SETTINGS {
    ULONG Flags;
    ULONG Timeout;
} DH_SETTINGS, *PDH_SETTINGS;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD DhUnload;

static PDEVICE_OBJECT DhDevice;
static PDH_SETTINGS DhSettings;

static VOID DhSettingsDelete(PDH_SETTINGS *Block)
{
    if (*Block) {
        ExFreePoolWithTag(*Block, DH_TAG);
        *Block = NULL;
    }
}

VOID DhUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(DhDevice);
    ExFreePoolWithTag(DhSettings, DH_TAG);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    PDH_SETTINGS settings;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    settings = (PDH_SETTINGS)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(*settings), DH_TAG);
    if (settings == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    settings->Timeout = 30;

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &DhDevice);
    if (!NT_SUCCESS(status))
        goto exit;

    DhSettings = settings;
    DriverObject->DriverUnload = DhUnload;

exit:
    if (!NT_SUCCESS(status) && DhDevice != NULL)
        DhSettingsDelete(&settings);
    return status; // expect: DE006
}
