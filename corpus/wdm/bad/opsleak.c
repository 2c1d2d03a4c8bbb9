/*
 * opsleak.c - legacy WDM driver of a capture service that keeps its
 * operations in a table, filled when the driver starts, and undoes a
 * failed start through the table's Stop member.
 *
 * BUG (DE006): the stop routine frees the sample ring but forgets the index
 * buffer, so when creating the control device fails the index leaks. The
 * Stop member is only ever given OlStopFull: entrycheck follows it instead
 * of stepping back at a call through a pointer.
 */

#include <ntddk.h>

#define OL_TAG 'kaLO'

typedef NTSTATUS OL_START(VOID);
typedef VOID OL_STOP(VOID);

typedef struct _OL_OPS {
    OL_START *Start;
    OL_STOP *Stop;
} OL_OPS;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD OlUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH OlCreateClose;

static OL_OPS OlOps;
static PVOID OlRing;
static PVOID OlIndex;
static PDEVICE_OBJECT OlDevice;

static NTSTATUS
OlStartFull(VOID)
{
    OlRing = ExAllocatePoolWithTag(NonPagedPoolNx, 1024 * 1024, OL_TAG);
    if (OlRing == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    OlIndex = ExAllocatePoolWithTag(NonPagedPoolNx, 64 * 1024, OL_TAG);
    if (OlIndex == NULL) {
        ExFreePoolWithTag(OlRing, OL_TAG);
        OlRing = NULL;
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    return STATUS_SUCCESS;
}

static VOID
OlStopFull(VOID)
{
    ExFreePoolWithTag(OlRing, OL_TAG);
    OlRing = NULL;
}

_Use_decl_annotations_
NTSTATUS
OlCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
OlUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(OlDevice);
    OlOps.Stop();
    if (OlIndex != NULL) {
        ExFreePoolWithTag(OlIndex, OL_TAG);
    }
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    UNICODE_STRING name;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    OlOps.Start = OlStartFull;
    OlOps.Stop = OlStopFull;

    status = OlOps.Start();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlInitUnicodeString(&name, L"\\Device\\OpsLeak");
    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &OlDevice);
    if (!NT_SUCCESS(status)) {
        OlOps.Stop();
        return status; // expect: DE006
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = OlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = OlCreateClose;
    DriverObject->DriverUnload = OlUnload;
    return STATUS_SUCCESS;
}
