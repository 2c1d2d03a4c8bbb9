// snoopfs.c -- tiny legacy file system filter that logs volume mounts.
// Learning project, based on my notes from "Windows NT File System Internals".
// Build with the WDK, load with sc create snoopfs type= filesys ...
//
// (c) 2017 m.kowalczyk -- MIT licence

#include <ntifs.h>

#define LOG(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[snoopfs] " fmt "\n", __VA_ARGS__)
#define SNOOP_TAG 'poNS'

typedef struct _SNOOP_EXT {
    PDEVICE_OBJECT AttachedTo;      // the file system CDO we sit on
    UNICODE_STRING Name;
    WCHAR NameBuf[64];
} SNOOP_EXT, *PSNOOP_EXT;

PDRIVER_OBJECT     g_Driver = NULL;
PDEVICE_OBJECT     g_ControlDevice = NULL;
PFAST_IO_DISPATCH  g_FastIo = NULL;
FAST_MUTEX         g_AttachLock;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     SnoopUnload;
DRIVER_DISPATCH   SnoopPassThrough;
DRIVER_FS_NOTIFICATION SnoopFsNotification;

static BOOLEAN SnoopIsOurDevice(PDEVICE_OBJECT dev)
{
    return dev != NULL && dev->DriverObject == g_Driver;
}

NTSTATUS SnoopPassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PSNOOP_EXT ext;

    if (DeviceObject == g_ControlDevice) {
        // Only create/close/cleanup make sense on the control device.
        Irp->IoStatus.Status = STATUS_SUCCESS;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_SUCCESS;
    }

    ext = (PSNOOP_EXT)DeviceObject->DeviceExtension;
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->AttachedTo, Irp);
}

static NTSTATUS SnoopAttachToFs(PDEVICE_OBJECT FsDevice)
{
    PDEVICE_OBJECT filter = NULL;
    PDEVICE_OBJECT lower;
    PSNOOP_EXT ext;
    NTSTATUS status;

    status = IoCreateDevice(g_Driver, sizeof(SNOOP_EXT), NULL, FsDevice->DeviceType,
                            0, FALSE, &filter);
    if (!NT_SUCCESS(status)) {
        LOG("IoCreateDevice for fs filter failed 0x%08X", status);
        return status;
    }

    ext = (PSNOOP_EXT)filter->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    RtlInitEmptyUnicodeString(&ext->Name, ext->NameBuf, sizeof(ext->NameBuf));

    if (FsDevice->Flags & DO_BUFFERED_IO) filter->Flags |= DO_BUFFERED_IO;
    if (FsDevice->Flags & DO_DIRECT_IO)   filter->Flags |= DO_DIRECT_IO;
    filter->Characteristics |= FsDevice->Characteristics & FILE_DEVICE_SECURE_OPEN;

    lower = IoAttachDeviceToDeviceStack(filter, FsDevice);
    if (lower == NULL) {
        IoDeleteDevice(filter);
        return STATUS_NO_SUCH_DEVICE;
    }
    ext->AttachedTo = lower;
    filter->Flags &= ~DO_DEVICE_INITIALIZING;
    LOG("attached to fs CDO %p", FsDevice);
    return STATUS_SUCCESS;
}

static VOID SnoopDetachFromFs(PDEVICE_OBJECT FsDevice)
{
    PDEVICE_OBJECT attached = IoGetAttachedDeviceReference(FsDevice);
    PDEVICE_OBJECT cur = attached;

    // walk down until we find our device sitting right above FsDevice
    while (cur != FsDevice) {
        PDEVICE_OBJECT below = IoGetLowerDeviceObject(cur);
        if (SnoopIsOurDevice(cur)) {
            PSNOOP_EXT ext = (PSNOOP_EXT)cur->DeviceExtension;
            IoDetachDevice(ext->AttachedTo);
            IoDeleteDevice(cur);
            if (below) ObDereferenceObject(below);
            break;
        }
        if (below == NULL) break;
        ObDereferenceObject(below);
        cur = below;
    }
    ObDereferenceObject(attached);
}

VOID SnoopFsNotification(PDEVICE_OBJECT DeviceObject, BOOLEAN FsActive)
{
    ExAcquireFastMutex(&g_AttachLock);
    if (FsActive) {
        (VOID)SnoopAttachToFs(DeviceObject);
    } else {
        SnoopDetachFromFs(DeviceObject);
    }
    ExReleaseFastMutex(&g_AttachLock);
}

VOID SnoopUnload(PDRIVER_OBJECT DriverObject)
{
    PDEVICE_OBJECT dev, next;
    LARGE_INTEGER interval;

    IoUnregisterFsRegistrationChange(DriverObject, SnoopFsNotification);

    // detach from everything that is still attached
    for (dev = DriverObject->DeviceObject; dev != NULL; dev = dev->NextDevice) {
        if (dev != g_ControlDevice) {
            IoDetachDevice(((PSNOOP_EXT)dev->DeviceExtension)->AttachedTo);
        }
    }

    // give in-flight IRPs a chance to drain
    interval.QuadPart = -5 * 1000 * 1000 * 10LL;   // 5 s
    KeDelayExecutionThread(KernelMode, FALSE, &interval);

    dev = DriverObject->DeviceObject;
    while (dev != NULL) {
        next = dev->NextDevice;
        IoDeleteDevice(dev);
        dev = next;
    }
    g_ControlDevice = NULL;

    DriverObject->FastIoDispatch = NULL;
    if (g_FastIo) {
        ExFreePoolWithTag(g_FastIo, SNOOP_TAG);
        g_FastIo = NULL;
    }
    LOG("unloaded%s", "");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\FileSystem\\Filters\\SnoopFs");
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    g_Driver = DriverObject;
    ExInitializeFastMutex(&g_AttachLock);

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_DISK_FILE_SYSTEM,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_ControlDevice);
    if (!NT_SUCCESS(status)) {
        LOG("cannot create control device 0x%08X", status);
        return status;
    }

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        DriverObject->MajorFunction[i] = SnoopPassThrough;

    // Legacy filters must supply a fast I/O table, even an empty one.
    g_FastIo = (PFAST_IO_DISPATCH)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                  sizeof(FAST_IO_DISPATCH), SNOOP_TAG);
    if (g_FastIo == NULL) {
        IoDeleteDevice(g_ControlDevice);
        g_ControlDevice = NULL;
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    g_FastIo->SizeOfFastIoDispatch = sizeof(FAST_IO_DISPATCH);
    DriverObject->FastIoDispatch = g_FastIo;

    status = IoRegisterFsRegistrationChange(DriverObject, SnoopFsNotification);
    if (!NT_SUCCESS(status)) {
        LOG("IoRegisterFsRegistrationChange failed 0x%08X", status);
        DriverObject->FastIoDispatch = NULL;
        ExFreePoolWithTag(g_FastIo, SNOOP_TAG);
        g_FastIo = NULL;
        return status;
    }

    DriverObject->DriverUnload = SnoopUnload;
    g_ControlDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    LOG("loaded%s", "");
    return STATUS_SUCCESS;
}
