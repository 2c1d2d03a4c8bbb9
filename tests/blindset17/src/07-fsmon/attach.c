/*
 * attach.c - attaching to file system control devices and mounted volumes.
 */
#include "fsmon.h"

static const PCWSTR FsmWantedFileSystems[] = {
    L"\\FileSystem\\Ntfs",
    L"\\FileSystem\\ReFS",
};

VOID
FsmGetObjectName(
    _In_ PVOID Object,
    _Inout_ PUNICODE_STRING Name
    )
{
    UCHAR buffer[512];
    POBJECT_NAME_INFORMATION info = (POBJECT_NAME_INFORMATION)buffer;
    ULONG returned;
    NTSTATUS status;

    Name->Length = 0;
    status = ObQueryNameString(Object, info, sizeof(buffer), &returned);
    if (NT_SUCCESS(status)) {
        RtlCopyUnicodeString(Name, &info->Name);
    }
}

NTSTATUS
FsmAttachDeviceToStack(
    _In_ PDEVICE_OBJECT Source,
    _In_ PDEVICE_OBJECT Target,
    _Outptr_ PDEVICE_OBJECT *AttachedTo
    )
{
    if (g_Fsm.AttachDeviceToDeviceStackSafe != NULL) {
        return g_Fsm.AttachDeviceToDeviceStackSafe(Source, Target, AttachedTo);
    }

    *AttachedTo = Target;
    *AttachedTo = IoAttachDeviceToDeviceStack(Source, Target);
    return (*AttachedTo != NULL) ? STATUS_SUCCESS : STATUS_NO_SUCH_DEVICE;
}

static BOOLEAN
FsmIsAttachedToDevice(
    _In_ PDEVICE_OBJECT DeviceObject
    )
{
    PDEVICE_OBJECT current = IoGetAttachedDeviceReference(DeviceObject);
    PDEVICE_OBJECT lower;

    do {
        if (IS_MY_DEVICE_OBJECT(current)) {
            ObDereferenceObject(current);
            return TRUE;
        }
        lower = IoGetLowerDeviceObject(current);
        ObDereferenceObject(current);
        current = lower;
    } while (current != NULL);

    return FALSE;
}

static BOOLEAN
FsmIsWantedFileSystem(
    _In_ PDEVICE_OBJECT DeviceObject
    )
{
    WCHAR nameBuffer[64];
    UNICODE_STRING name;
    UNICODE_STRING wanted;
    ULONG i;

    RtlInitEmptyUnicodeString(&name, nameBuffer, sizeof(nameBuffer));
    FsmGetObjectName(DeviceObject->DriverObject, &name);

    for (i = 0; i < RTL_NUMBER_OF(FsmWantedFileSystems); i++) {
        RtlInitUnicodeString(&wanted, FsmWantedFileSystems[i]);
        if (RtlEqualUnicodeString(&name, &wanted, TRUE)) {
            return TRUE;
        }
    }
    return FALSE;
}

static NTSTATUS
FsmCreateFilterDevice(
    _In_ PDEVICE_OBJECT Template,
    _In_ BOOLEAN IsVolume,
    _Outptr_ PDEVICE_OBJECT *FilterDevice
    )
{
    PFSM_DEVICE_EXTENSION ext;
    NTSTATUS status;

    status = IoCreateDevice(g_Fsm.DriverObject,
                            sizeof(FSM_DEVICE_EXTENSION),
                            NULL,
                            Template->DeviceType,
                            0,
                            FALSE,
                            FilterDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ext = (PFSM_DEVICE_EXTENSION)(*FilterDevice)->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->IsVolume = IsVolume;
    RtlInitEmptyUnicodeString(&ext->DeviceName, ext->DeviceNameBuffer, sizeof(ext->DeviceNameBuffer));
    return STATUS_SUCCESS;
}

static NTSTATUS
FsmAttachToFileSystemDevice(
    _In_ PDEVICE_OBJECT FsDevice
    )
{
    PDEVICE_OBJECT filter;
    PFSM_DEVICE_EXTENSION ext;
    NTSTATUS status;

    if (!FsmIsWantedFileSystem(FsDevice)) {
        return STATUS_SUCCESS;
    }

    status = FsmCreateFilterDevice(FsDevice, FALSE, &filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ext = (PFSM_DEVICE_EXTENSION)filter->DeviceExtension;

    if (FlagOn(FsDevice->Flags, DO_BUFFERED_IO)) {
        SetFlag(filter->Flags, DO_BUFFERED_IO);
    }
    if (FlagOn(FsDevice->Flags, DO_DIRECT_IO)) {
        SetFlag(filter->Flags, DO_DIRECT_IO);
    }
    if (FlagOn(FsDevice->Characteristics, FILE_DEVICE_SECURE_OPEN)) {
        SetFlag(filter->Characteristics, FILE_DEVICE_SECURE_OPEN);
    }

    status = FsmAttachDeviceToStack(filter, FsDevice, &ext->AttachedToDeviceObject);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(filter);
        return status;
    }

    FsmGetObjectName(FsDevice->DriverObject, &ext->DeviceName);
    ClearFlag(filter->Flags, DO_DEVICE_INITIALIZING);
    FsmPrint("fsmon: attached to %wZ\n", &ext->DeviceName);
    return STATUS_SUCCESS;
}

static VOID
FsmDetachFromFileSystemDevice(
    _In_ PDEVICE_OBJECT FsDevice
    )
{
    PDEVICE_OBJECT ours = FsDevice->AttachedDevice;

    while (ours != NULL) {
        if (IS_MY_DEVICE_OBJECT(ours)) {
            PFSM_DEVICE_EXTENSION ext = (PFSM_DEVICE_EXTENSION)ours->DeviceExtension;
            FsmPrint("fsmon: detaching from %wZ\n", &ext->DeviceName);
            IoDetachDevice(FsDevice);
            IoDeleteDevice(ours);
            return;
        }
        FsDevice = ours;
        ours = ours->AttachedDevice;
    }
}

VOID
FsmFsNotification(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ BOOLEAN FsActive
    )
{
    PAGED_CODE();

    ExAcquireFastMutex(&g_Fsm.AttachLock);
    if (FsActive) {
        if (!FsmIsAttachedToDevice(DeviceObject)) {
            FsmAttachToFileSystemDevice(DeviceObject);
        }
    } else {
        FsmDetachFromFileSystemDevice(DeviceObject);
    }
    ExReleaseFastMutex(&g_Fsm.AttachLock);
}

static NTSTATUS
FsmMountCompletion(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp,
    _In_reads_opt_(_Inexpressible_("varies")) PVOID Context
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);

    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

NTSTATUS
FsmMountVolume(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PFSM_DEVICE_EXTENSION fsExt = (PFSM_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PDEVICE_OBJECT storage = sp->Parameters.MountVolume.Vpb->RealDevice;
    PDEVICE_OBJECT filter = NULL;
    PFSM_DEVICE_EXTENSION ext;
    KEVENT event;
    PVPB vpb;
    NTSTATUS status;

    status = FsmCreateFilterDevice(DeviceObject, TRUE, &filter);
    if (!NT_SUCCESS(status)) {
        IoSkipCurrentIrpStackLocation(Irp);
        return IoCallDriver(fsExt->AttachedToDeviceObject, Irp);
    }
    ext = (PFSM_DEVICE_EXTENSION)filter->DeviceExtension;
    ext->StorageStackDeviceObject = storage;
    FsmGetObjectName(storage, &ext->DeviceName);

    KeInitializeEvent(&event, NotificationEvent, FALSE);
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, FsmMountCompletion, &event, TRUE, TRUE, TRUE);

    status = IoCallDriver(fsExt->AttachedToDeviceObject, Irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
    }

    /* the VPB in the stack location may have been swapped, use the storage device's */
    vpb = storage->Vpb;

    status = Irp->IoStatus.Status;
    if (NT_SUCCESS(status) && vpb != NULL && vpb->DeviceObject != NULL) {
        ExAcquireFastMutex(&g_Fsm.AttachLock);
        if (!FsmIsAttachedToDevice(vpb->DeviceObject)) {
            if (FlagOn(vpb->DeviceObject->Flags, DO_DIRECT_IO)) {
                SetFlag(filter->Flags, DO_DIRECT_IO);
            }
            if (FlagOn(vpb->DeviceObject->Flags, DO_BUFFERED_IO)) {
                SetFlag(filter->Flags, DO_BUFFERED_IO);
            }
            if (NT_SUCCESS(FsmAttachDeviceToStack(filter, vpb->DeviceObject,
                                                  &ext->AttachedToDeviceObject))) {
                ClearFlag(filter->Flags, DO_DEVICE_INITIALIZING);
                filter = NULL;
            }
        }
        ExReleaseFastMutex(&g_Fsm.AttachLock);
    }

    if (filter != NULL) {
        IoDeleteDevice(filter);
    }

    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
