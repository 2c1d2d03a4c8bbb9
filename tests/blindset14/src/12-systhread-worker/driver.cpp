// driver.cpp - ChecksumWorker: IOCTL producer, system-thread consumer
//
// The whole driver state is a WorkerState object built in place inside the
// control device's extension. At unload the worker thread itself tears the
// state down; the unload routine only waits for it.
#include "Worker.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD WorkerUnload;
static DRIVER_DISPATCH WorkerCreateClose;
static DRIVER_DISPATCH WorkerIoctl;

static UNICODE_STRING g_DevName = RTL_CONSTANT_STRING(L"\\Device\\ChecksumWorker");
static UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(L"\\??\\ChecksumWorker");

static wq::WorkerState* StateOf(PDEVICE_OBJECT device)
{
    return static_cast<wq::WorkerState*>(device->DeviceExtension);
}

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    PDEVICE_OBJECT device = nullptr;
    NTSTATUS status = IoCreateDevice(DriverObject, sizeof(wq::WorkerState), &g_DevName, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    auto state = new (device->DeviceExtension) wq::WorkerState;
    state->Init();

    status = IoCreateSymbolicLink(&g_LinkName, &g_DevName);
    if (!NT_SUCCESS(status)) {
        state->TeardownInline();
        IoDeleteDevice(device);
        return status;
    }

    status = state->StartThread();
    if (!NT_SUCCESS(status)) {
        // if the thread got to run, it already tore the state down on its way out
        if (state->State() != wq::WorkState::Stopped) {
            state->TeardownInline();
        }
        IoDeleteSymbolicLink(&g_LinkName);
        IoDeleteDevice(device);
        return status;
    }

    DriverObject->DriverUnload = WorkerUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = WorkerCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = WorkerCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = WorkerIoctl;

    device->Flags |= DO_BUFFERED_IO;
    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

static void WorkerUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    PDEVICE_OBJECT device = DriverObject->DeviceObject;

    // returns once the thread has freed the queue, the lookaside list and
    // the resource, and has exited
    StateOf(device)->StopThread();

    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(device);
}

static NTSTATUS WorkerCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS WorkerIoctl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    auto state = StateOf(DeviceObject);
    auto stack = IoGetCurrentIrpStackLocation(Irp);
    const auto& dic = stack->Parameters.DeviceIoControl;
    NTSTATUS status;
    ULONG_PTR info = 0;

    switch (dic.IoControlCode) {
    case IOCTL_WORKER_SUBMIT:
        status = state->Submit(Irp->AssociatedIrp.SystemBuffer, dic.InputBufferLength);
        break;

    case IOCTL_WORKER_STATS:
        if (dic.OutputBufferLength < sizeof(wq::WorkerStats)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        *static_cast<wq::WorkerStats*>(Irp->AssociatedIrp.SystemBuffer) = state->ReadStats();
        info = sizeof(wq::WorkerStats);
        status = STATUS_SUCCESS;
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
