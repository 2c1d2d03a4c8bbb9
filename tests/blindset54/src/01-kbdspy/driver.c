/*
 * driver.c - DriverEntry / Unload for kbdspy
 */
#include "kbdspy.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     KbdSpyUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, KbdSpyUnload)
#endif

PDEVICE_OBJECT g_FilterDevice  = NULL;
PDEVICE_OBJECT g_ControlDevice = NULL;
volatile LONG  g_PendingReads  = 0;

/* 100 ms in relative 100ns units */
#define UNLOAD_POLL_INTERVAL    (-10LL * 1000 * 100)

static VOID
KbdSpyInitExt(
    _Out_ PKBDSPY_EXT Ext,
    _In_ ULONG Magic
    )
{
    RtlZeroMemory(Ext, sizeof(KBDSPY_EXT));
    Ext->Magic = Magic;
    KeInitializeSpinLock(&Ext->RingLock);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS       status = STATUS_SUCCESS;
    UNICODE_STRING kbdName  = RTL_CONSTANT_STRING(KBD_CLASS_NAME);
    UNICODE_STRING ctlName  = RTL_CONSTANT_STRING(CTL_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(CTL_SYMLINK_NAME);
    BOOLEAN        linkCreated = FALSE;
    PKBDSPY_EXT    ext;
    ULONG          i;

    UNREFERENCED_PARAMETER(RegistryPath);

    LOG("DriverEntry (built " __DATE__ " " __TIME__ ")");

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = KbdSpyPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_READ]           = KbdSpyRead;
    DriverObject->MajorFunction[IRP_MJ_CREATE]         = KbdSpyCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = KbdSpyCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = KbdSpyDeviceControl;
    DriverObject->DriverUnload = KbdSpyUnload;

    /*
     * 1. control device + symlink for the user mode viewer
     */
    CHECK(IoCreateDevice(DriverObject,
                         sizeof(KBDSPY_EXT),
                         &ctlName,
                         FILE_DEVICE_UNKNOWN,
                         FILE_DEVICE_SECURE_OPEN,
                         FALSE,
                         &g_ControlDevice));

    KbdSpyInitExt(EXT(g_ControlDevice), EXT_MAGIC_CONTROL);
    g_ControlDevice->Flags |= DO_BUFFERED_IO;

    CHECK(IoCreateSymbolicLink(&linkName, &ctlName));
    linkCreated = TRUE;

    /*
     * 2. the filter itself, unnamed, same type as the keyboard
     */
    CHECK(IoCreateDevice(DriverObject,
                         sizeof(KBDSPY_EXT),
                         NULL,
                         FILE_DEVICE_KEYBOARD,
                         0,
                         FALSE,
                         &g_FilterDevice));

    ext = EXT(g_FilterDevice);
    KbdSpyInitExt(ext, EXT_MAGIC_FILTER);

    CHECK(IoAttachDevice(g_FilterDevice, &kbdName, &ext->LowerDevice));

    LOG("attached filter %p above %p (%wZ)", g_FilterDevice, ext->LowerDevice, &kbdName);

    /* look like the device we sit on */
    g_FilterDevice->DeviceType      = ext->LowerDevice->DeviceType;
    g_FilterDevice->Characteristics = ext->LowerDevice->Characteristics;
    g_FilterDevice->Flags &= ~DO_DEVICE_INITIALIZING;

    g_ControlDevice->Flags &= ~DO_DEVICE_INITIALIZING;

    LOG("loaded ok");

cleanup:
    if (!NT_SUCCESS(status)) {
        if (g_FilterDevice != NULL) {
            IoDeleteDevice(g_FilterDevice);
            g_FilterDevice = NULL;
        }
        if (linkCreated) {
            IoDeleteSymbolicLink(&linkName);
        }
        if (g_ControlDevice != NULL) {
            IoDeleteDevice(g_ControlDevice);
            g_ControlDevice = NULL;
        }
    }
    return status;
}

VOID
KbdSpyUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(CTL_SYMLINK_NAME);
    PDEVICE_OBJECT lower;
    LARGE_INTEGER  interval;

    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    LOG("unloading, %d read(s) in flight", g_PendingReads);

    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(g_ControlDevice);
    g_ControlDevice = NULL;

    lower = EXT(g_FilterDevice)->LowerDevice;

    /* the object stays around until the last reference is gone, so
     * dropping it first is fine; detaching stops new reads from
     * reaching us */
    IoDeleteDevice(g_FilterDevice);
    IoDetachDevice(lower);
    g_FilterDevice = NULL;

    /*
     * A read is almost always parked in kbdclass with our completion
     * routine on it. We can't leave until it comes back.
     */
    interval.QuadPart = UNLOAD_POLL_INTERVAL;
    while (InterlockedCompareExchange(&g_PendingReads, 0, 0) > 0) {
        LOG("waiting for %d read(s), press a key", g_PendingReads);
        KeDelayExecutionThread(KernelMode, FALSE, &interval);
    }

    LOG("bye");
}
