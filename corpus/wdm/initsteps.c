/*
 * initsteps.c - legacy WDM driver of a fan-curve service: DriverEntry is a
 * list of init steps, each a helper of the driver's own returning NTSTATUS.
 * The steps that can fail are tested; the step that only fills defaults
 * always succeeds and is called as a statement; the optional trace-buffer
 * step is discarded on purpose with (VOID); the stop helper's status is
 * ignored on the failure path, which returns failure anyway. The settle step
 * passes on a kernel wait that does not fail for its constant arguments,
 * and the built-in curve's check is asserted, not tested, as that table is
 * known good: neither status is lost.
 */

#include <ntddk.h>

#define IS_TAG 'pStI'

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD IsUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH IsCreateClose;

static PDEVICE_OBJECT IsDevice;
static PVOID IsTraceBuffer;
static ULONG IsPollMs;
static ULONG IsMaxDuty;
static UNICODE_STRING IsDeviceName = RTL_CONSTANT_STRING(L"\\Device\\InitSteps");
static UNICODE_STRING IsLinkName = RTL_CONSTANT_STRING(L"\\DosDevices\\InitSteps");

/* Always succeeds: nothing here can fail. */
static NTSTATUS
IsSetDefaults(VOID)
{
    IsPollMs = 500;
    IsMaxDuty = 100;
    return STATUS_SUCCESS;
}

static const UCHAR IsBuiltinCurve[] = { 20, 35, 50, 70, 100 };

/* Lets the fan controller settle after its defaults are written. */
static NTSTATUS
IsSettle(VOID)
{
    LARGE_INTEGER interval;

    interval.QuadPart = -10 * 1000 * 10; /* 10 ms, relative */
    return KeDelayExecutionThread(KernelMode, FALSE, &interval);
}

/* Only a curve read from the registry can be out of order. */
static NTSTATUS
IsCheckCurve(_In_reads_(Count) const UCHAR *Duty, _In_ ULONG Count)
{
    for (ULONG i = 1; i < Count; i++) {
        if (Duty[i] < Duty[i - 1]) {
            return STATUS_INVALID_PARAMETER;
        }
    }
    return STATUS_SUCCESS;
}

static NTSTATUS
IsReadTunables(_In_ PUNICODE_STRING RegistryPath)
{
    if (RegistryPath == NULL || RegistryPath->Length == 0) {
        return STATUS_INVALID_PARAMETER;
    }
    IsPollMs = 250;
    return STATUS_SUCCESS;
}

static NTSTATUS
IsAllocTraceBuffer(VOID)
{
    IsTraceBuffer = ExAllocatePool2(POOL_FLAG_NON_PAGED, PAGE_SIZE, IS_TAG);
    if (IsTraceBuffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS
IsCreateControlDevice(_In_ PDRIVER_OBJECT DriverObject)
{
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, 0, &IsDeviceName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &IsDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = IoCreateSymbolicLink(&IsLinkName, &IsDeviceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(IsDevice);
        IsDevice = NULL;
    }
    return status;
}

static NTSTATUS
IsStopTrace(VOID)
{
    if (IsTraceBuffer == NULL) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    ExFreePoolWithTag(IsTraceBuffer, IS_TAG);
    IsTraceBuffer = NULL;
    return STATUS_SUCCESS;
}

NTSTATUS
IsCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
IsUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteSymbolicLink(&IsLinkName);
    IoDeleteDevice(IsDevice);
    if (IsTraceBuffer != NULL) {
        ExFreePoolWithTag(IsTraceBuffer, IS_TAG);
        IsTraceBuffer = NULL;
    }
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    IsSetDefaults();
    IsSettle();

    status = IsCheckCurve(IsBuiltinCurve, RTL_NUMBER_OF(IsBuiltinCurve));
    ASSERT(NT_SUCCESS(status));

    status = IsReadTunables(RegistryPath);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    /* Tracing is optional: without the buffer the driver only logs less. */
    (VOID)IsAllocTraceBuffer();

    status = IsCreateControlDevice(DriverObject);
    if (!NT_SUCCESS(status)) {
        IsStopTrace();
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = IsCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = IsCreateClose;
    DriverObject->DriverUnload = IsUnload;
    return STATUS_SUCCESS;
}
