//
// fwstage.sys - stages firmware images from the updater service and pushes
// them to the target device when its interface arrives.
//
#include <initguid.h>
#include "fwstage.h"
#include "ntmacros.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD DriverUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH DispatchCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH DispatchIoctl;
DRIVER_NOTIFICATION_CALLBACK_ROUTINE OnInterfaceChange;
KSTART_ROUTINE StagingWorker;

typedef struct _FWS_GLOBALS {
    PUCHAR          Staging;
    ULONG           StagingSize;
    ULONG           StagingUsed;
    FAST_MUTEX      Lock;
    PDEVICE_OBJECT  ControlDevice;
    PVOID           InterfaceNotification;
    KEVENT          WorkEvent;
    KEVENT          StopEvent;
    PKTHREAD        Worker;
    BOOLEAN         TargetPresent;
} FWS_GLOBALS;

static FWS_GLOBALS g;

static NTSTATUS
InitializeGlobals(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    ULONG size;

    RtlZeroMemory(&g, sizeof(g));
    ExInitializeFastMutex(&g.Lock);
    KeInitializeEvent(&g.WorkEvent, SynchronizationEvent, FALSE);
    KeInitializeEvent(&g.StopEvent, NotificationEvent, FALSE);

    (VOID)FwsQueryRegistryDword(RegistryPath, L"StagingSize", FWS_MAX_IMAGE, &size);
    if (size == 0 || size > FWS_MAX_IMAGE) {
        size = FWS_MAX_IMAGE;
    }

    g.Staging = (PUCHAR)ExAllocatePool2(POOL_FLAG_PAGED, size, FWS_TAG);
    NT_RETURN_IF_NULL_ALLOC(g.Staging);
    g.StagingSize = size;
    return STATUS_SUCCESS;
}

static VOID
CleanupGlobals(
    VOID
    )
{
    if (g.Staging != NULL) {
        ExFreePoolWithTag(g.Staging, FWS_TAG);
        g.Staging = NULL;
    }
}

static NTSTATUS
CreateControlDevice(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING name;
    UNICODE_STRING link;
    NTSTATUS status;

    RtlInitUnicodeString(&name, FWS_DEVICE_NAME);
    RtlInitUnicodeString(&link, FWS_LINK_NAME);

    NT_RETURN_IF_FAILED(IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                                       FILE_DEVICE_SECURE_OPEN, FALSE, &g.ControlDevice));

    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g.ControlDevice);
        g.ControlDevice = NULL;
        LOG_AND_RETURN(status, "IoCreateSymbolicLink");
    }

    g.ControlDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

static VOID
DeleteControlDevice(
    VOID
    )
{
    UNICODE_STRING link;

    if (g.ControlDevice != NULL) {
        RtlInitUnicodeString(&link, FWS_LINK_NAME);
        IoDeleteSymbolicLink(&link);
        IoDeleteDevice(g.ControlDevice);
        g.ControlDevice = NULL;
    }
}

NTSTATUS
OnInterfaceChange(
    _In_ PVOID NotificationStructure,
    _Inout_opt_ PVOID Context
    )
{
    PDEVICE_INTERFACE_CHANGE_NOTIFICATION n = (PDEVICE_INTERFACE_CHANGE_NOTIFICATION)NotificationStructure;

    UNREFERENCED_PARAMETER(Context);

    if (IsEqualGUID(&n->Event, &GUID_DEVICE_INTERFACE_ARRIVAL)) {
        g.TargetPresent = TRUE;
        KeSetEvent(&g.WorkEvent, IO_NO_INCREMENT, FALSE);
    } else if (IsEqualGUID(&n->Event, &GUID_DEVICE_INTERFACE_REMOVAL)) {
        g.TargetPresent = FALSE;
    }
    return STATUS_SUCCESS;
}

VOID
StagingWorker(
    _In_ PVOID Context
    )
{
    PVOID objects[2] = { &g.StopEvent, &g.WorkEvent };
    NTSTATUS wait;

    UNREFERENCED_PARAMETER(Context);

    for (;;) {
        wait = KeWaitForMultipleObjects(2, objects, WaitAny, Executive, KernelMode,
                                        FALSE, NULL, NULL);
        if (wait == STATUS_WAIT_0) {
            break;
        }

        ExAcquireFastMutex(&g.Lock);
        if (g.TargetPresent && g.StagingUsed != 0) {
            FWS_LOG("pushing %lu staged bytes", g.StagingUsed);
            g.StagingUsed = 0;
        }
        ExReleaseFastMutex(&g.Lock);
    }

    PsTerminateSystemThread(STATUS_SUCCESS);
}

static NTSTATUS
StartStagingWorker(
    VOID
    )
{
    HANDLE thread;
    NTSTATUS status;

    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, NULL, NULL, NULL,
                                  StagingWorker, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = ObReferenceObjectByHandle(thread, THREAD_ALL_ACCESS, *PsThreadType,
                                       KernelMode, (PVOID *)&g.Worker, NULL);
    ZwClose(thread);
    return status;
}

NTSTATUS
DispatchCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
DispatchIoctl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    PVOID data;
    ULONG length;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sl->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_FWS_WRITE_CHUNK:
        length = sl->Parameters.DeviceIoControl.OutputBufferLength;
        data = (Irp->MdlAddress != NULL)
                   ? MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute)
                   : NULL;
        if (data == NULL) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        ExAcquireFastMutex(&g.Lock);
        if (length > g.StagingSize - g.StagingUsed) {
            status = STATUS_BUFFER_OVERFLOW;
        } else {
            RtlCopyMemory(g.Staging + g.StagingUsed, data, length);
            g.StagingUsed += length;
        }
        ExReleaseFastMutex(&g.Lock);
        break;

    case IOCTL_FWS_COMMIT:
        KeSetEvent(&g.WorkEvent, IO_NO_INCREMENT, FALSE);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID
DriverUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    if (g.Worker != NULL) {
        KeSetEvent(&g.StopEvent, IO_NO_INCREMENT, FALSE);
        KeWaitForSingleObject(g.Worker, Executive, KernelMode, FALSE, NULL);
        ObDereferenceObject(g.Worker);
        g.Worker = NULL;
    }

    DeleteControlDevice();
    CleanupGlobals();
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    NT_RETURN_IF_FAILED(InitializeGlobals(RegistryPath));

    status = CreateControlDevice(DriverObject);
    if (!NT_SUCCESS(status)) {
        CleanupGlobals();
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchIoctl;

    status = IoRegisterPlugPlayNotification(EventCategoryDeviceInterfaceChange,
                                            PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES,
                                            (PVOID)&GUID_DEVINTERFACE_FWSTAGE_TARGET,
                                            DriverObject,
                                            OnInterfaceChange,
                                            NULL,
                                            &g.InterfaceNotification);
    if (!NT_SUCCESS(status)) {
        DeleteControlDevice();
        CleanupGlobals();
        return status;
    }

    NT_RETURN_IF_FAILED(StartStagingWorker());

    DriverObject->DriverUnload = DriverUnload;
    return STATUS_SUCCESS;
}
