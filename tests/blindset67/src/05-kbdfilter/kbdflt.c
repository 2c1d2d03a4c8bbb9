/*
 * kbdflt.c - DriverEntry / unload for kbdflt
 */
#include "kbdflt.h"

PDEVICE_OBJECT g_KfDevice = NULL;
volatile LONG  g_KfPendingReads = 0;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     KfUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

static VOID
KfWaitForReads(VOID)
{
    LARGE_INTEGER delay;

    delay.QuadPart = -10000LL * KF_UNLOAD_POLL_MS;

    /*
     * kbdclass always has one read outstanding; it completes on the next
     * key press. Our completion routine lives in this image, so spin
     * until it has run for every read we forwarded.
     */
    while (g_KfPendingReads > 0) {
        KF_LOG(("kbdflt: waiting for %d read(s) - press a key\n", g_KfPendingReads));
        KeDelayExecutionThread(KernelMode, FALSE, &delay);
    }
}

VOID
KfUnload(PDRIVER_OBJECT DriverObject)
{
    PKF_EXTENSION  ext;
    PDEVICE_OBJECT lower;

    UNREFERENCED_PARAMETER(DriverObject);

    if (g_KfDevice == NULL) {
        return;
    }

    ext   = (PKF_EXTENSION)g_KfDevice->DeviceExtension;
    lower = ext->Lower;

    KF_LOG(("kbdflt: down=%d up=%d last=0x%02x\n",
            ext->KeysDown, ext->KeysUp, ext->LastScanCode));

    IoDeleteDevice(g_KfDevice);
    IoDetachDevice(lower);

    KfWaitForReads();
    g_KfDevice = NULL;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS        status;
    UNICODE_STRING  target;
    PDEVICE_OBJECT  filter = NULL;
    PKF_EXTENSION   ext;
    ULONG           i;

    UNREFERENCED_PARAMETER(RegistryPath);

    KF_LOG(("kbdflt: DriverEntry\n"));

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = KfPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_READ]  = KfRead;
    DriverObject->MajorFunction[IRP_MJ_POWER] = KfPower;

    status = IoCreateDevice(DriverObject,
                            sizeof(KF_EXTENSION),
                            NULL,
                            FILE_DEVICE_KEYBOARD,
                            0,
                            FALSE,
                            &filter);
    if (!NT_SUCCESS(status)) {
        KF_LOG(("kbdflt: IoCreateDevice failed %08x\n", status));
        return status;
    }

    ext = (PKF_EXTENSION)filter->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = filter;

    RtlInitUnicodeString(&target, KF_TARGET_NAME);
    status = IoAttachDevice(filter, &target, &ext->Lower);
    if (!NT_SUCCESS(status)) {
        KF_LOG(("kbdflt: IoAttachDevice(%wZ) failed %08x\n", &target, status));
        IoDeleteDevice(filter);
        return status;
    }

    /* ready for I/O */
    filter->Flags &= ~DO_DEVICE_INITIALIZING;

    g_KfDevice = filter;
    DriverObject->DriverUnload = KfUnload;

    KF_LOG(("kbdflt: attached to %wZ (lower %p)\n", &target, ext->Lower));
    return STATUS_SUCCESS;
}
