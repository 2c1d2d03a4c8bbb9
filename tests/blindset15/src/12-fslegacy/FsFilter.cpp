//
// fsmon - legacy (sfilter-style) file system filter that layers over file
// system control device objects and counts mount requests / FSCTLs.
// It does not register an unload routine: legacy FS filters cannot be torn
// down safely while file systems may still call into them.
//
#include "FsFilter.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace fsmon {

Globals g;

static DRIVER_DISPATCH DispatchPassThrough;
static DRIVER_DISPATCH DispatchFsControl;
static DRIVER_FS_NOTIFICATION FsNotification;

static UNICODE_STRING s_cdoName = RTL_CONSTANT_STRING(L"\\FileSystem\\Filters\\FsMonHobby");
static UNICODE_STRING s_cdoNameLegacy = RTL_CONSTANT_STRING(L"\\FileSystem\\FsMonHobbyCdo");
static UNICODE_STRING s_fsRecName = RTL_CONSTANT_STRING(L"\\FileSystem\\Fs_Rec");

static NTSTATUS CompleteRequest(PIRP irp, NTSTATUS status, ULONG_PTR info = 0)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = info;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

static NTSTATUS DispatchPassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    if (DeviceObject == g.ControlDevice) {
        auto major = IoGetCurrentIrpStackLocation(Irp)->MajorFunction;
        if (major == IRP_MJ_CREATE || major == IRP_MJ_CLEANUP || major == IRP_MJ_CLOSE) {
            return CompleteRequest(Irp, STATUS_SUCCESS);
        }
        return CompleteRequest(Irp, STATUS_INVALID_DEVICE_REQUEST);
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(LowerOf(DeviceObject), Irp);
}

static NTSTATUS DispatchFsControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    if (DeviceObject == g.ControlDevice) {
        return CompleteRequest(Irp, STATUS_INVALID_DEVICE_REQUEST);
    }

    auto* ext = static_cast<FilterExtension*>(DeviceObject->DeviceExtension);
    auto* sp = IoGetCurrentIrpStackLocation(Irp);

    InterlockedIncrement(&g.FsctlCount);
    if (sp->MinorFunction == IRP_MN_MOUNT_VOLUME) {
        InterlockedIncrement(&ext->MountRequests);
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->AttachedTo, Irp);
}

static bool IsAlreadyAttached(PDEVICE_OBJECT fsCdo)
{
    PDEVICE_OBJECT cur = IoGetAttachedDeviceReference(fsCdo);
    bool found = false;

    while (cur != nullptr) {
        if (IsFilterDevice(cur)) {
            found = true;
            ObDereferenceObject(cur);
            break;
        }
        PDEVICE_OBJECT next = IoGetLowerDeviceObject(cur);
        ObDereferenceObject(cur);
        cur = next;
    }
    return found;
}

static NTSTATUS AttachToFileSystem(PDEVICE_OBJECT fsCdo)
{
    PAGED_CODE();

    if (fsCdo->DeviceType != FILE_DEVICE_DISK_FILE_SYSTEM &&
        fsCdo->DeviceType != FILE_DEVICE_CD_ROM_FILE_SYSTEM) {
        return STATUS_SUCCESS;
    }
    if (RtlCompareUnicodeString(&fsCdo->DriverObject->DriverName, &s_fsRecName, TRUE) == 0) {
        return STATUS_SUCCESS;
    }
    if (IsAlreadyAttached(fsCdo)) {
        return STATUS_SUCCESS;
    }

    PDEVICE_OBJECT filter = nullptr;
    NTSTATUS status = IoCreateDevice(g.Driver, sizeof(FilterExtension), nullptr, fsCdo->DeviceType,
                                     0, FALSE, &filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    auto* ext = static_cast<FilterExtension*>(filter->DeviceExtension);
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Magic = kExtMagic;
    ext->FsControlDevice = fsCdo;

    status = IoAttachDeviceToDeviceStackSafe(filter, fsCdo, &ext->AttachedTo);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(filter);
        return status;
    }

    filter->Flags |= ext->AttachedTo->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_SUPPORTS_TRANSACTIONS);
    filter->Characteristics |= ext->AttachedTo->Characteristics & FILE_DEVICE_SECURE_OPEN;
    ClearFlag(filter->Flags, DO_DEVICE_INITIALIZING);

    InterlockedIncrement(&g.AttachedCount);
    KdPrint(("fsmon: attached to %wZ\n", &fsCdo->DriverObject->DriverName));
    return STATUS_SUCCESS;
}

static void DetachFromFileSystem(PDEVICE_OBJECT fsCdo)
{
    PAGED_CODE();

    PDEVICE_OBJECT below = fsCdo;
    PDEVICE_OBJECT cur = fsCdo->AttachedDevice;

    while (cur != nullptr) {
        if (IsFilterDevice(cur)) {
            IoDetachDevice(below);
            IoDeleteDevice(cur);
            InterlockedDecrement(&g.AttachedCount);
            return;
        }
        below = cur;
        cur = cur->AttachedDevice;
    }
}

static VOID FsNotification(PDEVICE_OBJECT DeviceObject, BOOLEAN FsActive)
{
    PAGED_CODE();

    KeEnterCriticalRegion();
    ExAcquireFastMutexUnsafe(&g.AttachLock);
    if (FsActive) {
        NTSTATUS status = AttachToFileSystem(DeviceObject);
        if (!NT_SUCCESS(status)) {
            KdPrint(("fsmon: attach failed 0x%08X\n", status));
        }
    } else {
        DetachFromFileSystem(DeviceObject);
    }
    ExReleaseFastMutexUnsafe(&g.AttachLock);
    KeLeaveCriticalRegion();
}

static NTSTATUS CreateControlDevice(PDRIVER_OBJECT DriverObject)
{
    NTSTATUS status = IoCreateDevice(DriverObject, 0, &s_cdoName, FILE_DEVICE_DISK_FILE_SYSTEM,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &g.ControlDevice);
    if (status == STATUS_OBJECT_PATH_NOT_FOUND) {
        // Older systems have no \FileSystem\Filters directory.
        status = IoCreateDevice(DriverObject, 0, &s_cdoNameLegacy, FILE_DEVICE_DISK_FILE_SYSTEM,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &g.ControlDevice);
    }
    return status;
}

} // namespace fsmon

#pragma alloc_text(INIT, DriverEntry)

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    using namespace fsmon;
    UNREFERENCED_PARAMETER(RegistryPath);

    g.Driver = DriverObject;
    ExInitializeFastMutex(&g.AttachLock);

    NTSTATUS status = CreateControlDevice(DriverObject);
    if (!NT_SUCCESS(status)) {
        KdPrint(("fsmon: control device 0x%08X\n", status));
        return status;
    }

    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = DispatchPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_FILE_SYSTEM_CONTROL] = DispatchFsControl;

    status = InitFastIo(DriverObject);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g.ControlDevice);
        g.ControlDevice = nullptr;
        return status;
    }

    status = IoRegisterFsRegistrationChange(DriverObject, FsNotification);
    if (!NT_SUCCESS(status)) {
        KdPrint(("fsmon: IoRegisterFsRegistrationChange 0x%08X\n", status));
        FreeFastIo(DriverObject);
        IoDeleteDevice(g.ControlDevice);
        g.ControlDevice = nullptr;
        return status;
    }

    ClearFlag(g.ControlDevice->Flags, DO_DEVICE_INITIALIZING);
    return STATUS_SUCCESS;
}
