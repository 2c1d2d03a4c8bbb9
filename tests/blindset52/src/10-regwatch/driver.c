/*
 * driver.c - regwatch entry, unload, control device
 */
#include "regwatch.h"
#include "trace.h"
#include "driver.tmh"

RW_GLOBALS g_Rw;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     RwUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH   RwCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH   RwDeviceControl;

static NTSTATUS RwCopyRegistryPath(_In_ PCUNICODE_STRING RegistryPath)
{
    g_Rw.RegPath.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, RegistryPath->Length, RW_TAG);
    if (g_Rw.RegPath.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    g_Rw.RegPath.Length = 0;
    g_Rw.RegPath.MaximumLength = RegistryPath->Length;
    RtlCopyUnicodeString(&g_Rw.RegPath, RegistryPath);
    return STATUS_SUCCESS;
}

static VOID RwFreeRegistryPath(VOID)
{
    if (g_Rw.RegPath.Buffer != NULL) {
        ExFreePoolWithTag(g_Rw.RegPath.Buffer, RW_TAG);
        RtlZeroMemory(&g_Rw.RegPath, sizeof(g_Rw.RegPath));
    }
}

NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(RW_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(RW_LINK_NAME);
    ULONG ringSize;
    NTSTATUS status;

    WPP_INIT_TRACING(DriverObject, RegistryPath);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! %wZ", RegistryPath);

    RtlZeroMemory(&g_Rw, sizeof(g_Rw));

    status = RwCopyRegistryPath(RegistryPath);
    if (!NT_SUCCESS(status)) {
        goto fail_wpp;
    }

    ringSize = RwReadDword(L"RingSize", RW_DEFAULT_RING);
    if (ringSize < RW_MIN_RING || ringSize > RW_MAX_RING) {
        ringSize = RW_DEFAULT_RING;
    }
    g_Rw.Verbose = (LONG)RwReadDword(L"Verbose", 0);

    status = RwRingInit(ringSize);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "ring of %u: %!STATUS!", ringSize, status);
        goto fail_path;
    }

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Rw.Device);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "IoCreateDevice: %!STATUS!", status);
        goto fail_ring;
    }

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "IoCreateSymbolicLink: %!STATUS!", status);
        goto fail_device;
    }

    /* last: from here on records arrive, so everything above must be ready */
    status = RwStartCallback(DriverObject);
    if (!NT_SUCCESS(status)) {
        goto fail_link;
    }

    DriverObject->DriverUnload = RwUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = RwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RwDeviceControl;
    g_Rw.Device->Flags |= DO_BUFFERED_IO;
    g_Rw.Device->Flags &= ~DO_DEVICE_INITIALIZING;

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "ready, ring %u, verbose %d", ringSize, g_Rw.Verbose);
    return STATUS_SUCCESS;

fail_link:
    IoDeleteSymbolicLink(&linkName);
fail_device:
    IoDeleteDevice(g_Rw.Device);
    g_Rw.Device = NULL;
fail_ring:
    RwRingFree();
fail_path:
    RwFreeRegistryPath();
fail_wpp:
    TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "DriverEntry failed: %!STATUS!", status);
    WPP_CLEANUP(DriverObject);
    return status;
}

VOID RwUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(RW_LINK_NAME);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC!");

    RwStopCallback();

    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(g_Rw.Device);
    g_Rw.Device = NULL;

    RwRingFree();
    RwFreeRegistryPath();

    WPP_CLEANUP(DriverObject);
}

NTSTATUS RwCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS RwDeviceControl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;
    ULONG max;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_RW_READ:
        max = sp->Parameters.DeviceIoControl.OutputBufferLength / sizeof(RW_RECORD);
        if (max == 0) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        info = (ULONG_PTR)RwRingPop((PRW_RECORD)Irp->AssociatedIrp.SystemBuffer, max) * sizeof(RW_RECORD);
        TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_IOCTL, "read %u bytes", (ULONG)info);
        break;

    case IOCTL_RW_RELOAD:
        InterlockedExchange(&g_Rw.Verbose, (LONG)RwReadDword(L"Verbose", 0));
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
