// volfilter: legacy (non-pnp) filter that attaches on top of one volume
// and counts reads/writes going through it. Everything is passed down.

#include <ntddk.h>

#define TARGET_DEVICE L"\\Device\\HarddiskVolume2"

typedef struct _FILTER_EXT {
    PDEVICE_OBJECT Lower;
    volatile LONG Reads;
    volatile LONG Writes;
} FILTER_EXT, *PFILTER_EXT;

PDEVICE_OBJECT g_FilterDevice = NULL;

NTSTATUS FilterPass(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFILTER_EXT ext = (PFILTER_EXT)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);

    if (sp->MajorFunction == IRP_MJ_READ)
        InterlockedIncrement(&ext->Reads);
    else if (sp->MajorFunction == IRP_MJ_WRITE)
        InterlockedIncrement(&ext->Writes);

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

VOID FilterUnload(PDRIVER_OBJECT DriverObject)
{
    PFILTER_EXT ext;
    UNREFERENCED_PARAMETER(DriverObject);

    if (g_FilterDevice) {
        ext = (PFILTER_EXT)g_FilterDevice->DeviceExtension;
        DbgPrint("volfilter: %ld reads, %ld writes\n", ext->Reads, ext->Writes);
        IoDetachDevice(ext->Lower);
        IoDeleteDevice(g_FilterDevice);
        g_FilterDevice = NULL;
    }
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING targetName = RTL_CONSTANT_STRING(TARGET_DEVICE);
    PFILE_OBJECT fileObj = NULL;
    PDEVICE_OBJECT targetDev = NULL;
    PDEVICE_OBJECT filterDev = NULL;
    PFILTER_EXT ext;
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = FilterPass;
    }

    status = IoGetDeviceObjectPointer(&targetName, FILE_READ_ATTRIBUTES, &fileObj, &targetDev);
    if (!NT_SUCCESS(status)) {
        DbgPrint("volfilter: can't open %wZ (0x%x)\n", &targetName, status);
        return status;
    }

    status = IoCreateDevice(DriverObject, sizeof(FILTER_EXT), NULL, targetDev->DeviceType,
                            targetDev->Characteristics, FALSE, &filterDev);
    if (NT_SUCCESS(status)) {
        ext = (PFILTER_EXT)filterDev->DeviceExtension;
        RtlZeroMemory(ext, sizeof(*ext));

        // Safe variant sets ext->Lower before IRPs can reach us
        status = IoAttachDeviceToDeviceStackSafe(filterDev, targetDev, &ext->Lower);
        if (!NT_SUCCESS(status) || ext->Lower == NULL) {
            IoDeleteDevice(filterDev);
            status = STATUS_NO_SUCH_DEVICE;
        } else {
            filterDev->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
            filterDev->Flags &= ~DO_DEVICE_INITIALIZING;
            g_FilterDevice = filterDev;
            DriverObject->DriverUnload = FilterUnload;
        }
    }

    // we are attached (or gave up), no need to keep the volume open
    ObDereferenceObject(fileObj);
    return status;
}
