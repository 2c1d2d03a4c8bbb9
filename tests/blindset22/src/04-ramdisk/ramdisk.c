/*
 * ramdisk.c - a very small multi-instance RAM block device (legacy WDM)
 *
 * Creates DiskCount (registry, default 2) raw block devices
 *   \Device\RamDisk0 .. \Device\RamDiskN   (\\.\RamDisk0 ...)
 * each backed by DiskSizeMB (registry, default 16) of non paged pool.
 * There is no partition table / mount manager integration: open
 * \\.\RamDiskN from user mode and ReadFile/WriteFile sector-sized blocks,
 * or point a raw imaging tool at it.
 *
 * Written while working through the "Programming the Windows Driver Model"
 * chapters on IRP handling.
 */
#include <ntddk.h>
#include <ntdddisk.h>
#include <ntstrsafe.h>

#define RD_TAG              'kdaR'
#define RD_SECTOR_SIZE      512
#define RD_DEFAULT_COUNT    2
#define RD_DEFAULT_SIZE_MB  16
#define RD_MAX_COUNT        8

typedef struct _RD_EXTENSION {
    ULONG          Index;
    PUCHAR         Image;
    ULONGLONG      Size;
    FAST_MUTEX     Lock;
    UNICODE_STRING LinkName;
    WCHAR          LinkBuffer[32];
} RD_EXTENSION, *PRD_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RdUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH RdCreateClose;
_Dispatch_type_(IRP_MJ_READ) _Dispatch_type_(IRP_MJ_WRITE) DRIVER_DISPATCH RdReadWrite;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH RdDeviceControl;

/* ------------------------------------------------------------------------ */

static NTSTATUS
RdCompleteIrp(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
RdCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return RdCompleteIrp(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS
RdReadWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PRD_EXTENSION ext = (PRD_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONGLONG offset;
    ULONG length;
    PUCHAR buffer;

    if (stack->MajorFunction == IRP_MJ_READ) {
        offset = (ULONGLONG)stack->Parameters.Read.ByteOffset.QuadPart;
        length = stack->Parameters.Read.Length;
    } else {
        offset = (ULONGLONG)stack->Parameters.Write.ByteOffset.QuadPart;
        length = stack->Parameters.Write.Length;
    }

    if ((offset % RD_SECTOR_SIZE) != 0 || (length % RD_SECTOR_SIZE) != 0) {
        return RdCompleteIrp(Irp, STATUS_INVALID_PARAMETER, 0);
    }
    if (offset > ext->Size || length > ext->Size - offset) {
        return RdCompleteIrp(Irp, STATUS_END_OF_MEDIA, 0);
    }
    if (length == 0) {
        return RdCompleteIrp(Irp, STATUS_SUCCESS, 0);
    }

    buffer = (PUCHAR)MmGetSystemAddressForMdlSafe(Irp->MdlAddress,
                                                  NormalPagePriority | MdlMappingNoExecute);
    if (buffer == NULL) {
        return RdCompleteIrp(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
    }

    ExAcquireFastMutex(&ext->Lock);
    if (stack->MajorFunction == IRP_MJ_READ) {
        RtlCopyMemory(buffer, ext->Image + offset, length);
    } else {
        RtlCopyMemory(ext->Image + offset, buffer, length);
    }
    ExReleaseFastMutex(&ext->Lock);

    return RdCompleteIrp(Irp, STATUS_SUCCESS, length);
}

NTSTATUS
RdDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PRD_EXTENSION ext = (PRD_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG outLen = stack->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID sysBuf = Irp->AssociatedIrp.SystemBuffer;

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {

    case IOCTL_DISK_GET_LENGTH_INFO:
    {
        PGET_LENGTH_INFORMATION li = (PGET_LENGTH_INFORMATION)sysBuf;
        if (outLen < sizeof(GET_LENGTH_INFORMATION)) {
            return RdCompleteIrp(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        li->Length.QuadPart = (LONGLONG)ext->Size;
        return RdCompleteIrp(Irp, STATUS_SUCCESS, sizeof(GET_LENGTH_INFORMATION));
    }

    case IOCTL_DISK_GET_DRIVE_GEOMETRY:
    {
        PDISK_GEOMETRY g = (PDISK_GEOMETRY)sysBuf;
        if (outLen < sizeof(DISK_GEOMETRY)) {
            return RdCompleteIrp(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        g->BytesPerSector = RD_SECTOR_SIZE;
        g->SectorsPerTrack = 32;
        g->TracksPerCylinder = 2;
        g->Cylinders.QuadPart = (LONGLONG)(ext->Size / (RD_SECTOR_SIZE * 32 * 2));
        g->MediaType = FixedMedia;
        return RdCompleteIrp(Irp, STATUS_SUCCESS, sizeof(DISK_GEOMETRY));
    }

    case IOCTL_DISK_IS_WRITABLE:
        return RdCompleteIrp(Irp, STATUS_SUCCESS, 0);

    default:
        return RdCompleteIrp(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}

/* ------------------------------------------------------------------------ */

static ULONG
RdReadDword(PUNICODE_STRING RegistryPath, PCWSTR Name, ULONG Default)
{
    HANDLE key;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING valueName;
    UCHAR buf[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buf;
    ULONG len;
    ULONG value = Default;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                               NULL, NULL);
    if (!NT_SUCCESS(ZwOpenKey(&key, KEY_READ, &oa))) {
        return Default;
    }

    RtlInitUnicodeString(&valueName, Name);
    if (NT_SUCCESS(ZwQueryValueKey(key, &valueName, KeyValuePartialInformation,
                                   info, sizeof(buf), &len)) &&
        info->Type == REG_DWORD && info->DataLength == sizeof(ULONG)) {
        value = *(PULONG)info->Data;
    }

    ZwClose(key);
    return value;
}

static NTSTATUS
RdCreateDisk(PDRIVER_OBJECT DriverObject, ULONG Index, ULONGLONG Size)
{
    NTSTATUS status;
    WCHAR nameBuf[32];
    UNICODE_STRING devName;
    PDEVICE_OBJECT dev = NULL;
    PRD_EXTENSION ext;
    PUCHAR image;

    image = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, (SIZE_T)Size, RD_TAG);
    if (image == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = RtlStringCchPrintfW(nameBuf, RTL_NUMBER_OF(nameBuf), L"\\Device\\RamDisk%lu", Index);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(image, RD_TAG);
        return status;
    }
    RtlInitUnicodeString(&devName, nameBuf);

    status = IoCreateDevice(DriverObject, sizeof(RD_EXTENSION), &devName, FILE_DEVICE_DISK,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &dev);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(image, RD_TAG);
        return status;
    }

    ext = (PRD_EXTENSION)dev->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Index = Index;
    ext->Image = image;
    ext->Size = Size;
    ExInitializeFastMutex(&ext->Lock);

    RtlInitEmptyUnicodeString(&ext->LinkName, ext->LinkBuffer, sizeof(ext->LinkBuffer));
    RtlUnicodeStringPrintf(&ext->LinkName, L"\\DosDevices\\RamDisk%lu", Index);

    status = IoCreateSymbolicLink(&ext->LinkName, &devName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(dev);
        ExFreePoolWithTag(image, RD_TAG);
        return status;
    }

    dev->Flags |= DO_DIRECT_IO;
    dev->AlignmentRequirement = FILE_WORD_ALIGNMENT;
    dev->Flags &= ~DO_DEVICE_INITIALIZING;

    DbgPrint("ramdisk: %wZ ready, %I64u bytes\n", &devName, Size);
    return STATUS_SUCCESS;
}

VOID
RdUnload(PDRIVER_OBJECT DriverObject)
{
    PDEVICE_OBJECT dev = DriverObject->DeviceObject;

    while (dev != NULL) {
        PDEVICE_OBJECT next = dev->NextDevice;
        PRD_EXTENSION ext = (PRD_EXTENSION)dev->DeviceExtension;
        PUCHAR image = ext->Image;

        IoDeleteDevice(dev);
        IoDeleteSymbolicLink(&ext->LinkName);
        ExFreePoolWithTag(image, RD_TAG);

        dev = next;
    }

    DbgPrint("ramdisk: unloaded\n");
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status = STATUS_SUCCESS;
    ULONG count;
    ULONG sizeMb;
    ULONG i;

    count = RdReadDword(RegistryPath, L"DiskCount", RD_DEFAULT_COUNT);
    sizeMb = RdReadDword(RegistryPath, L"DiskSizeMB", RD_DEFAULT_SIZE_MB);

    if (count == 0 || count > RD_MAX_COUNT) {
        count = RD_DEFAULT_COUNT;
    }
    if (sizeMb == 0 || sizeMb > 1024) {
        sizeMb = RD_DEFAULT_SIZE_MB;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RdCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RdCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ] = RdReadWrite;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = RdReadWrite;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RdDeviceControl;
    DriverObject->DriverUnload = RdUnload;

    for (i = 0; i < count; i++) {
        status = RdCreateDisk(DriverObject, i, (ULONGLONG)sizeMb * 1024 * 1024);
        if (!NT_SUCCESS(status)) {
            DbgPrint("ramdisk: disk %lu failed 0x%08X\n", i, status);
            return status;
        }
    }

    DbgPrint("ramdisk: %lu disks of %lu MB\n", count, sizeMb);
    return STATUS_SUCCESS;
}
