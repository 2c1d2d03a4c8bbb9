// main.cpp  --  DriverEntry / dispatch / unload for wkqueue
#include "wkqueue.h"

using wkq::Queue;

static PDEVICE_OBJECT g_Device = nullptr;
static PIO_WORKITEM   g_Item   = nullptr;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD   WkqUnload;
static DRIVER_DISPATCH WkqCreateClose;
static DRIVER_DISPATCH WkqIoctl;

static NTSTATUS WkqCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS WkqIoctl(PDEVICE_OBJECT, PIRP Irp)
{
    auto      sp     = IoGetCurrentIrpStackLocation(Irp);
    auto      buf    = Irp->AssociatedIrp.SystemBuffer;
    ULONG     inLen  = sp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG     outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    NTSTATUS  status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info   = 0;

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_WKQ_SUBMIT:
        if (inLen < sizeof(WKQ_SUBMIT_IN) || outLen < sizeof(WKQ_SUBMIT_OUT)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            auto  in = static_cast<WKQ_SUBMIT_IN*>(buf);
            ULONG op = in->Op, arg = in->Arg, id = 0;
            status = Queue::Submit(op, arg, &id);
            if (NT_SUCCESS(status)) {
                static_cast<WKQ_SUBMIT_OUT*>(buf)->Id = id;
                info = sizeof(WKQ_SUBMIT_OUT);
            }
        }
        break;

    case IOCTL_WKQ_STATUS:
        if (outLen < sizeof(WKQ_STATUS_OUT)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            Queue::Status(static_cast<WKQ_STATUS_OUT*>(buf));
            status = STATUS_SUCCESS;
            info   = sizeof(WKQ_STATUS_OUT);
        }
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static VOID WkqUnload(PDRIVER_OBJECT)
{
    LOG("unload");

    Queue::Drain();
    IoFreeWorkItem(g_Item);
    g_Item = nullptr;

    wkq::DeleteControlDevice(g_Device);
    g_Device = nullptr;
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    NTSTATUS status;

    LOG("loading");

    DriverObject->DriverUnload                         = WkqUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE]         = WkqCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = WkqCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = WkqIoctl;

    status = wkq::CreateControlDevice(DriverObject, &g_Device);
    if (!NT_SUCCESS(status)) {
        goto Cleanup;
    }

    g_Item = IoAllocateWorkItem(g_Device);
    if (g_Item == nullptr) {
        LOG("IoAllocateWorkItem failed");
        goto Cleanup;
    }

    Queue::Init(g_Item);

    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;
    LOG("ready");
    return STATUS_SUCCESS;

Cleanup:
    if (g_Device) {
        wkq::DeleteControlDevice(g_Device);
        g_Device = nullptr;
    }
    return status;
}
