/*
 * mouflt.c - DriverEntry and unload for mouflt
 */
#include "mouflt.h"

PDEVICE_OBJECT g_MfFilter        = NULL;
volatile LONG  g_MfReadsInFlight = 0;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     MfUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, MfUnload)
#endif

VOID
MfUnload(PDRIVER_OBJECT DriverObject)
{
    PMF_EXT       ext;
    LARGE_INTEGER delay;

    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    if (g_MfFilter == NULL) {
        return;
    }
    ext = (PMF_EXT)g_MfFilter->DeviceExtension;

    /* 1. stop new IRPs from reaching us */
    IoDetachDevice(ext->Lower);

    /* 2. the class driver's read that we forwarded completes on next input */
    delay.QuadPart = -10000LL * MF_POLL_MS;
    while (InterlockedCompareExchange(&g_MfReadsInFlight, 0, 0) != 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &delay);
    }

    MF_DBG("dx=%I64d dy=%I64d clicks=%u\n", ext->DeltaX, ext->DeltaY, ext->Clicks);

    /* 3. now the device can go */
    IoDeleteDevice(g_MfFilter);
    g_MfFilter = NULL;
}

static NTSTATUS
MfAttach(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT *Filter)
{
    NTSTATUS        status;
    UNICODE_STRING  name;
    PFILE_OBJECT    fileObj = NULL;
    PDEVICE_OBJECT  target  = NULL;
    PDEVICE_OBJECT  dev     = NULL;
    PMF_EXT         ext;

    *Filter = NULL;
    RtlInitUnicodeString(&name, MF_TARGET);

    status = IoGetDeviceObjectPointer(&name, FILE_READ_ATTRIBUTES, &fileObj, &target);
    if (!NT_SUCCESS(status)) {
        MF_ERR("IoGetDeviceObjectPointer(%wZ) 0x%08x\n", &name, status);
        return status;
    }

    status = IoCreateDevice(DriverObject, sizeof(MF_EXT), NULL,
                            target->DeviceType, target->Characteristics,
                            FALSE, &dev);
    if (!NT_SUCCESS(status)) {
        MF_ERR("IoCreateDevice 0x%08x\n", status);
        goto out;
    }

    ext = (PMF_EXT)dev->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = dev;

    /* same buffering / power flags as whatever is on top of the stack */
    status = IoAttachDeviceToDeviceStackSafe(dev, target, &ext->Lower);
    if (!NT_SUCCESS(status)) {
        MF_ERR("IoAttachDeviceToDeviceStackSafe 0x%08x\n", status);
        IoDeleteDevice(dev);
        goto out;
    }

    dev->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    dev->DeviceType      = ext->Lower->DeviceType;
    dev->Characteristics = ext->Lower->Characteristics;
    dev->Flags &= ~DO_DEVICE_INITIALIZING;

    *Filter = dev;

out:
    /* the file object reference was only needed to find and attach */
    ObDereferenceObject(fileObj);
    return status;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    ULONG    i;

    UNREFERENCED_PARAMETER(RegistryPath);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = MfPass;
    }
    DriverObject->MajorFunction[IRP_MJ_READ]  = MfRead;
    DriverObject->MajorFunction[IRP_MJ_POWER] = MfPower;

    status = MfAttach(DriverObject, &g_MfFilter);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    DriverObject->DriverUnload = MfUnload;
    MF_DBG("attached, lower=%p\n", ((PMF_EXT)g_MfFilter->DeviceExtension)->Lower);
    return STATUS_SUCCESS;
}
