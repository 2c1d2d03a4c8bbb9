// driver.cpp - DriverEntry / dispatch / unload
#include "evtsig.h"

using namespace evtsig;

PDEVICE_OBJECT  Globals::Device      = nullptr;
PKEVENT         Globals::ReadyEvent  = nullptr;
HANDLE          Globals::ReadyHandle = nullptr;
UNICODE_STRING  Globals::RegPath     = {};
ULONG           Globals::DelayMs     = EVTSIG_DEFAULT_DELAY_MS;
EX_RUNDOWN_REF  Globals::Rundown;
volatile LONG   Globals::Kicks       = 0;
volatile LONG   Globals::Completed   = 0;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD   EsUnload;
static DRIVER_DISPATCH EsCreateClose;
static DRIVER_DISPATCH EsIoctl;

static NTSTATUS EsCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS EsIoctl(PDEVICE_OBJECT, PIRP Irp)
{
    auto sp = IoGetCurrentIrpStackLocation(Irp);

    auto complete = [Irp](NTSTATUS st, ULONG_PTR info) {
        Irp->IoStatus.Status = st;
        Irp->IoStatus.Information = info;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return st;
    };

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_EVTSIG_KICK:
        return complete(Worker::Kick(), 0);

    case IOCTL_EVTSIG_STATS:
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < 2 * sizeof(LONG)) {
            return complete(STATUS_BUFFER_TOO_SMALL, 0);
        } else {
            auto out = static_cast<LONG*>(Irp->AssociatedIrp.SystemBuffer);
            out[0] = Globals::Kicks;
            out[1] = Globals::Completed;
            return complete(STATUS_SUCCESS, 2 * sizeof(LONG));
        }

    default:
        return complete(STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}

static VOID EsUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING dos = RTL_CONSTANT_STRING(EVTSIG_DOS_NAME);

    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_INIT, "unload, %ld kicks", Globals::Kicks);

    // no new kicks after this, and wait for the ones in flight
    ExWaitForRundownProtectionRelease(&Globals::Rundown);

    if (Globals::ReadyEvent) {
        ObDereferenceObject(Globals::ReadyEvent);
        Globals::ReadyEvent = nullptr;
    }

    IoDeleteSymbolicLink(&dos);
    IoDeleteDevice(DriverObject->DeviceObject);
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS       status;
    UNICODE_STRING ntName  = RTL_CONSTANT_STRING(EVTSIG_NT_NAME);
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(EVTSIG_DOS_NAME);
    UNICODE_STRING evName  = RTL_CONSTANT_STRING(EVTSIG_EVENT_NAME);

    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_INIT, "DriverEntry %wZ", RegistryPath);

    // remember where our key lives, the worker re-reads it on every kick
    Globals::RegPath = *RegistryPath;

    ULONG delay = EVTSIG_DEFAULT_DELAY_MS;
    status = Config::ReadDelay(&Globals::RegPath, &delay);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_INIT, "config read failed 0x%08X", status);
    }
    Globals::DelayMs = delay;

    ExInitializeRundownProtection(&Globals::Rundown);

    status = IoCreateDevice(DriverObject, 0, &ntName, FILE_DEVICE_EVTSIG,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &Globals::Device);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_INIT, "IoCreateDevice 0x%08X", status);
        return status;
    }

    status = IoCreateSymbolicLink(&dosName, &ntName);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_INIT, "IoCreateSymbolicLink 0x%08X", status);
        goto err_device;
    }

    Globals::ReadyEvent = IoCreateNotificationEvent(&evName, &Globals::ReadyHandle);
    if (Globals::ReadyEvent == nullptr) {
        status = STATUS_UNSUCCESSFUL;
        TraceEvents(TRACE_LEVEL_ERROR, DBG_INIT, "IoCreateNotificationEvent failed");
        goto err_link;
    }
    // created signaled; nothing has been done yet
    KeClearEvent(Globals::ReadyEvent);

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = EsCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = EsCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = EsIoctl;
    DriverObject->DriverUnload                         = EsUnload;

    Globals::Device->Flags |= DO_BUFFERED_IO;
    Globals::Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;

err_link:
    IoDeleteSymbolicLink(&dosName);
err_device:
    IoDeleteDevice(Globals::Device);
    Globals::Device = nullptr;
    return status;
}
