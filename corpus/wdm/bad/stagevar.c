/*
 * stagevar.c - a legacy WDM driver of a door-sensor panel that remembers in
 * a global how far its setup got. One teardown routine switches on that
 * stage and falls through from the last stage down; DriverEntry's failure
 * path and the unload routine both call it.
 *
 * Violating: the link is created in its own stage, but no case of the
 * teardown deletes it: the name stays taken after unload (DE011), and
 * after a failed later step (DE006).
 */

#include <ntddk.h>

#define DOOR_TAG 'rooD'

typedef enum _DOOR_STAGE {
    DoorNothing = 0,
    DoorBuffer,
    DoorDevice,
    DoorLink,
    DoorRunning
} DOOR_STAGE;

typedef struct _DOOR_STATE {
    DOOR_STAGE     Stage;
    PUCHAR         Events;
    PDEVICE_OBJECT Device;
} DOOR_STATE;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD DoorUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH DoorCreateClose;

static DOOR_STATE Door;
static UNICODE_STRING DoorDeviceName = RTL_CONSTANT_STRING(L"\\Device\\DoorPanel");
static UNICODE_STRING DoorLinkName = RTL_CONSTANT_STRING(L"\\DosDevices\\DoorPanel");

_Use_decl_annotations_
NTSTATUS
DoorCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static VOID
DoorImageLoad(PUNICODE_STRING ImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    UNREFERENCED_PARAMETER(ImageName);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ImageInfo);
}

/* Undoes everything up to the stage reached, newest first. */
static VOID
DoorTeardown(VOID)
{
    switch (Door.Stage) {
    case DoorRunning:
        PsRemoveLoadImageNotifyRoutine(DoorImageLoad);
        /* fall through */
    case DoorLink:
        /* fall through */
    case DoorDevice:
        IoDeleteDevice(Door.Device);
        Door.Device = NULL;
        /* fall through */
    case DoorBuffer:
        ExFreePoolWithTag(Door.Events, DOOR_TAG);
        Door.Events = NULL;
        break;
    case DoorNothing:
    default:
        break;
    }
    Door.Stage = DoorNothing;
}

_Use_decl_annotations_
VOID
DoorUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    DoorTeardown();
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    Door.Stage = DoorNothing;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = DoorCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = DoorCreateClose;

    do {
        Door.Events = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, PAGE_SIZE, DOOR_TAG);
        if (Door.Events == NULL) {
            status = STATUS_INSUFFICIENT_RESOURCES;
            break;
        }
        Door.Stage = DoorBuffer;

        status = IoCreateDevice(DriverObject, 0, &DoorDeviceName, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &Door.Device);
        if (!NT_SUCCESS(status)) {
            break;
        }
        Door.Stage = DoorDevice;

        status = IoCreateSymbolicLink(&DoorLinkName, &DoorDeviceName);  // expect: DE011
        if (!NT_SUCCESS(status)) {
            break;
        }
        Door.Stage = DoorLink;

        status = PsSetLoadImageNotifyRoutine(DoorImageLoad);
        if (!NT_SUCCESS(status)) {
            break;
        }
        Door.Stage = DoorRunning;
    } while (FALSE);

    if (!NT_SUCCESS(status)) {
        DoorTeardown();
        return status;                                  // expect: DE006
    }

    Door.Device->Flags &= ~DO_DEVICE_INITIALIZING;
    DriverObject->DriverUnload = DoorUnload;
    return STATUS_SUCCESS;
}
