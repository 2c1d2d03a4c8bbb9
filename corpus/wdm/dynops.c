/*
 * dynops.c - legacy WDM driver of a capture service: a per-processor
 * statistics block sized with KeQueryActiveProcessorCountEx where the kernel
 * has it (looked up at run time), and capture buffers started and stopped
 * through an operations table. Every failure after an allocation frees it:
 * directly, or through the table's Stop member, whose only routine frees
 * both buffers.
 */

#include <ntddk.h>

#define DO_TAG 'spOD'

typedef ULONG (*DO_ACTIVE_COUNT)(PUSHORT GroupNumber);
typedef NTSTATUS DO_START(VOID);
typedef VOID DO_STOP(VOID);

typedef struct _DO_OPS {
    DO_START *Start;
    DO_STOP *Stop;
} DO_OPS;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD DoUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH DoCreateClose;

static DO_ACTIVE_COUNT DoActiveCount;
static DO_OPS DoOps;
static PULONG64 DoStats;
static PVOID DoRing;
static PVOID DoIndex;
static PDEVICE_OBJECT DoDevice;

static NTSTATUS
DoStartCapture(VOID)
{
    DoRing = ExAllocatePoolWithTag(NonPagedPoolNx, 1024 * 1024, DO_TAG);
    if (DoRing == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    DoIndex = ExAllocatePoolWithTag(NonPagedPoolNx, 64 * 1024, DO_TAG);
    if (DoIndex == NULL) {
        ExFreePoolWithTag(DoRing, DO_TAG);
        DoRing = NULL;
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    return STATUS_SUCCESS;
}

static VOID
DoStopCapture(VOID)
{
    ExFreePoolWithTag(DoIndex, DO_TAG);
    DoIndex = NULL;
    ExFreePoolWithTag(DoRing, DO_TAG);
    DoRing = NULL;
}

_Use_decl_annotations_
NTSTATUS
DoCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
DoUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(DoDevice);
    DoOps.Stop();
    ExFreePoolWithTag(DoStats, DO_TAG);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    UNICODE_STRING routine;
    UNICODE_STRING name;
    ULONG processors = 64;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlInitUnicodeString(&routine, L"KeQueryActiveProcessorCountEx");
    DoActiveCount = (DO_ACTIVE_COUNT)MmGetSystemRoutineAddress(&routine);
    if (DoActiveCount != NULL) {
        processors = DoActiveCount(NULL);
    }

    DoStats = ExAllocatePoolWithTag(NonPagedPoolNx, processors * sizeof(ULONG64), DO_TAG);
    if (DoStats == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(DoStats, processors * sizeof(ULONG64));

    DoOps.Start = DoStartCapture;
    DoOps.Stop = DoStopCapture;
    status = DoOps.Start();
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(DoStats, DO_TAG);
        return status;
    }

    RtlInitUnicodeString(&name, L"\\Device\\DynOps");
    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &DoDevice);
    if (!NT_SUCCESS(status)) {
        DoOps.Stop();
        ExFreePoolWithTag(DoStats, DO_TAG);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = DoCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = DoCreateClose;
    DriverObject->DriverUnload = DoUnload;
    return STATUS_SUCCESS;
}
