/*
 * dynroute.c - legacy WDM driver of a per-processor counter service. It
 * keeps one counter block per processor group and, on systems that have it,
 * sizes the block with KeQueryActiveProcessorCountEx, looked up at run time
 * so that the driver still loads on older kernels.
 *
 * BUG (DE006): when the control device cannot be created, DriverEntry fails
 * without freeing the counter block. The routine called through the pointer
 * MmGetSystemRoutineAddress filled is the kernel's, which cannot free the
 * driver's pool.
 */

#include <ntddk.h>

#define DR_TAG 'tnRD'

typedef ULONG (*DR_ACTIVE_COUNT)(PUSHORT GroupNumber);

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD DrUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH DrCreateClose;

static DR_ACTIVE_COUNT DrActiveCount;
static PULONG64 DrCounters;
static PDEVICE_OBJECT DrDevice;

_Use_decl_annotations_
NTSTATUS
DrCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
DrUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(DrDevice);
    ExFreePoolWithTag(DrCounters, DR_TAG);
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
    DrActiveCount = (DR_ACTIVE_COUNT)MmGetSystemRoutineAddress(&routine);
    if (DrActiveCount != NULL) {
        processors = DrActiveCount(NULL);
    }

    DrCounters = ExAllocatePoolWithTag(NonPagedPoolNx, processors * sizeof(ULONG64), DR_TAG);
    if (DrCounters == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(DrCounters, processors * sizeof(ULONG64));

    if (DrActiveCount != NULL && DrActiveCount(NULL) != processors) {
        DbgPrint("dynroute: processors came online while starting\n");
    }

    RtlInitUnicodeString(&name, L"\\Device\\DynRoute");
    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &DrDevice);
    if (!NT_SUCCESS(status)) {
        return status; // expect: DE006
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = DrCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = DrCreateClose;
    DriverObject->DriverUnload = DrUnload;
    return STATUS_SUCCESS;
}
