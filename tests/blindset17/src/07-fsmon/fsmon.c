/*
 * fsmon.c - DriverEntry, unload and the IRP dispatch routines.
 */
#include "fsmon.h"

FSM_GLOBALS g_Fsm;

static FS_FILTER_CALLBACKS s_FsFilterCallbacks;

static NTSTATUS
FsmPreAcquireForSectionSync(
    _In_ PFS_FILTER_CALLBACK_DATA Data,
    _Out_ PVOID *CompletionContext
    )
{
    UNREFERENCED_PARAMETER(Data);
    *CompletionContext = NULL;
    return STATUS_SUCCESS;
}

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, FsmUnload)
#endif

static VOID
FsmResolveRoutines(
    VOID
    )
{
    UNICODE_STRING name;

    RtlInitUnicodeString(&name, L"IoAttachDeviceToDeviceStackSafe");
    g_Fsm.AttachDeviceToDeviceStackSafe =
        (PFN_IO_ATTACH_DEVICE_TO_DEVICE_STACK_SAFE)MmGetSystemRoutineAddress(&name);

    RtlInitUnicodeString(&name, L"IoEnumerateDeviceObjectList");
    g_Fsm.EnumerateDeviceObjectList =
        (PFN_IO_ENUMERATE_DEVICE_OBJECT_LIST)MmGetSystemRoutineAddress(&name);
}

NTSTATUS
FsmPassThrough(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PFSM_DEVICE_EXTENSION ext;

    if (IS_MY_CONTROL_DEVICE_OBJECT(DeviceObject)) {
        PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
        NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;

        if (sp->MajorFunction == IRP_MJ_CLEANUP || sp->MajorFunction == IRP_MJ_CLOSE) {
            status = STATUS_SUCCESS;
        }
        Irp->IoStatus.Status = status;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    ext = (PFSM_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->AttachedToDeviceObject, Irp);
}

NTSTATUS
FsmCreate(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PFSM_DEVICE_EXTENSION ext;

    if (IS_MY_CONTROL_DEVICE_OBJECT(DeviceObject)) {
        Irp->IoStatus.Status = STATUS_SUCCESS;
        Irp->IoStatus.Information = FILE_OPENED;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_SUCCESS;
    }

    ext = (PFSM_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    if (ext->IsVolume && sp->FileObject != NULL && sp->FileObject->FileName.Length != 0) {
        FsmPrint("fsmon: open %wZ%wZ pid %p access 0x%x\n",
                 &ext->DeviceName,
                 &sp->FileObject->FileName,
                 PsGetCurrentProcessId(),
                 sp->Parameters.Create.SecurityContext->DesiredAccess);
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->AttachedToDeviceObject, Irp);
}

NTSTATUS
FsmFsControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PFSM_DEVICE_EXTENSION ext;

    if (IS_MY_CONTROL_DEVICE_OBJECT(DeviceObject)) {
        Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_INVALID_DEVICE_REQUEST;
    }

    ext = (PFSM_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    if (!ext->IsVolume && sp->MinorFunction == IRP_MN_MOUNT_VOLUME) {
        return FsmMountVolume(DeviceObject, Irp);
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->AttachedToDeviceObject, Irp);
}

VOID
FsmUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(FSM_LINK_NAME);
    PDEVICE_OBJECT devList[FSM_DEVOBJ_LIST_SIZE];
    PFAST_IO_DISPATCH fastIo;
    LARGE_INTEGER interval;
    ULONG count;
    ULONG i;

    PAGED_CODE();

    IoUnregisterFsRegistrationChange(DriverObject, FsmFsNotification);

    if (g_Fsm.LinkCreated) {
        IoDeleteSymbolicLink(&link);
        g_Fsm.LinkCreated = FALSE;
    }

    interval.QuadPart = -5 * 1000 * 1000 * 10;     /* 5 s */

    for (;;) {
        NTSTATUS status = g_Fsm.EnumerateDeviceObjectList(DriverObject, devList,
                                                          sizeof(devList), &count);
        if (!NT_SUCCESS(status) && status != STATUS_BUFFER_TOO_SMALL) {
            break;
        }
        if (count == 0) {
            break;
        }
        count = min(count, FSM_DEVOBJ_LIST_SIZE);

        for (i = 0; i < count; i++) {
            if (IS_MY_DEVICE_OBJECT(devList[i])) {
                PFSM_DEVICE_EXTENSION ext = (PFSM_DEVICE_EXTENSION)devList[i]->DeviceExtension;
                IoDetachDevice(ext->AttachedToDeviceObject);
            }
        }

        /* let in-flight IRPs drain out of the detached devices */
        KeDelayExecutionThread(KernelMode, FALSE, &interval);

        for (i = 0; i < count; i++) {
            if (devList[i] == g_Fsm.ControlDevice) {
                g_Fsm.ControlDevice = NULL;
            }
            IoDeleteDevice(devList[i]);
            ObDereferenceObject(devList[i]);
        }
    }

    fastIo = DriverObject->FastIoDispatch;
    DriverObject->FastIoDispatch = NULL;
    if (fastIo != NULL) {
        ExFreePoolWithTag(fastIo, FSM_POOL_TAG);
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING nameString;
    UNICODE_STRING link = RTL_CONSTANT_STRING(FSM_LINK_NAME);
    PFAST_IO_DISPATCH fastIoDispatch = NULL;
    NTSTATUS status;
    ULONG stage = 0;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Fsm, sizeof(g_Fsm));
    g_Fsm.DriverObject = DriverObject;
    ExInitializeFastMutex(&g_Fsm.AttachLock);

    FsmResolveRoutines();
    if (g_Fsm.EnumerateDeviceObjectList == NULL) {
        /* nothing older than XP is supported, unload could not find our devices */
        return STATUS_NOT_SUPPORTED;
    }

    RtlInitUnicodeString(&nameString, FSM_CDO_NAME);
    status = IoCreateDevice(DriverObject, 0, &nameString, FILE_DEVICE_DISK_FILE_SYSTEM,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Fsm.ControlDevice);
    if (status == STATUS_OBJECT_PATH_NOT_FOUND) {
        /* \FileSystem\Filters appeared in XP; older layouts keep it flat */
        RtlInitUnicodeString(&nameString, FSM_CDO_NAME_OLD);
        status = IoCreateDevice(DriverObject, 0, &nameString, FILE_DEVICE_DISK_FILE_SYSTEM,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &g_Fsm.ControlDevice);
    }
    if (!NT_SUCCESS(status)) {
        FsmPrint("fsmon: cannot create %wZ (0x%08x)\n", &nameString, status);
        goto cleanup;
    }
    stage = 1;

    status = IoCreateSymbolicLink(&link, &nameString);
    if (!NT_SUCCESS(status)) {
        goto cleanup;
    }
    g_Fsm.LinkCreated = TRUE;
    stage = 2;

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = FsmPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = FsmCreate;
    DriverObject->MajorFunction[IRP_MJ_CREATE_NAMED_PIPE] = FsmCreate;
    DriverObject->MajorFunction[IRP_MJ_CREATE_MAILSLOT] = FsmCreate;
    DriverObject->MajorFunction[IRP_MJ_FILE_SYSTEM_CONTROL] = FsmFsControl;

    fastIoDispatch = (PFAST_IO_DISPATCH)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                        sizeof(FAST_IO_DISPATCH),
                                                        FSM_POOL_TAG);
    if (fastIoDispatch == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto cleanup;
    }
    RtlCopyMemory(fastIoDispatch, &FsmFastIoTemplate, sizeof(FAST_IO_DISPATCH));
    DriverObject->FastIoDispatch = fastIoDispatch;
    stage = 3;

    RtlZeroMemory(&s_FsFilterCallbacks, sizeof(s_FsFilterCallbacks));
    s_FsFilterCallbacks.SizeOfFsFilterCallbacks = sizeof(FS_FILTER_CALLBACKS);
    s_FsFilterCallbacks.PreAcquireForSectionSynchronization = FsmPreAcquireForSectionSync;

    status = FsRtlRegisterFileSystemFilterCallbacks(DriverObject, &s_FsFilterCallbacks);
    if (!NT_SUCCESS(status)) {
        goto cleanup;
    }

    DriverObject->DriverUnload = FsmUnload;

    /*
     * Last step: this calls FsmFsNotification for every file system that is
     * already registered, so from here on we are attached to things.
     */
    status = IoRegisterFsRegistrationChange(DriverObject, FsmFsNotification);
    if (!NT_SUCCESS(status)) {
        FsmPrint("fsmon: IoRegisterFsRegistrationChange 0x%08x\n", status);
        DriverObject->DriverUnload = NULL;
        goto cleanup;
    }

    ClearFlag(g_Fsm.ControlDevice->Flags, DO_DEVICE_INITIALIZING);
    return STATUS_SUCCESS;

cleanup:
    switch (stage) {
    case 3:
        DriverObject->FastIoDispatch = NULL;
        ExFreePoolWithTag(fastIoDispatch, FSM_POOL_TAG);
        /* fall through */
    case 2:
        IoDeleteSymbolicLink(&link);
        g_Fsm.LinkCreated = FALSE;
        /* fall through */
    case 1:
        IoDeleteDevice(g_Fsm.ControlDevice);
        g_Fsm.ControlDevice = NULL;
        /* fall through */
    default:
        break;
    }
    return status;
}
