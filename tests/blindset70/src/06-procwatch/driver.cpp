#include "procwatch.h"

namespace pw {

Globals g;

void PushEvent(EventItem* item)
{
    SpinGuard lock;
    if (g.Count >= PW_MAX_EVENTS) {
        // drop the oldest one
        auto old = RemoveHeadList(&g.Events);
        ExFreePoolWithTag(CONTAINING_RECORD(old, EventItem, Link), PW_TAG);
        g.Count--;
    }
    InsertTailList(&g.Events, &item->Link);
    g.Count++;
}

void FreeAllEvents()
{
    SpinGuard lock;
    while (!IsListEmpty(&g.Events)) {
        auto e = RemoveHeadList(&g.Events);
        ExFreePoolWithTag(CONTAINING_RECORD(e, EventItem, Link), PW_TAG);
    }
    g.Count = 0;
}

} // namespace pw

using namespace pw;

static NTSTATUS CompleteIrp(PIRP Irp, NTSTATUS status = STATUS_SUCCESS, ULONG_PTR info = 0)
{
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static NTSTATUS PwCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    return CompleteIrp(Irp);
}

static NTSTATUS PwDeviceControl(PDEVICE_OBJECT, PIRP Irp)
{
    auto stack = IoGetCurrentIrpStackLocation(Irp);
    if (stack->Parameters.DeviceIoControl.IoControlCode != IOCTL_PW_GET_EVENTS)
        return CompleteIrp(Irp, STATUS_INVALID_DEVICE_REQUEST);

    auto out = static_cast<PUCHAR>(Irp->AssociatedIrp.SystemBuffer);
    ULONG room = stack->Parameters.DeviceIoControl.OutputBufferLength;
    ULONG used = 0;

    SpinGuard lock;
    while (!IsListEmpty(&g.Events) && room - used >= sizeof(EventHeader)) {
        auto e = RemoveHeadList(&g.Events);
        auto item = CONTAINING_RECORD(e, EventItem, Link);
        RtlCopyMemory(out + used, &item->Data, sizeof(EventHeader));
        used += sizeof(EventHeader);
        ExFreePoolWithTag(item, PW_TAG);
        g.Count--;
    }
    return CompleteIrp(Irp, STATUS_SUCCESS, used);
}

static void PwUnload(PDRIVER_OBJECT)
{
    notify::UnregisterAll();

    UNICODE_STRING link = RTL_CONSTANT_STRING(PW_LINK);
    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g.Device);

    FreeAllEvents();
    PW_TRACE("unloaded");
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING)
{
    NTSTATUS status;
    UNICODE_STRING devName = RTL_CONSTANT_STRING(PW_DEVICE);
    UNICODE_STRING link = RTL_CONSTANT_STRING(PW_LINK);
    bool linkCreated = false;

    g.Init();

    do {
        status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN, 0, FALSE, &g.Device);
        if (!NT_SUCCESS(status)) {
            PW_TRACE("IoCreateDevice 0x%08X", status);
            break;
        }
        g.Device->Flags |= DO_BUFFERED_IO;

        status = IoCreateSymbolicLink(&link, &devName);
        if (!NT_SUCCESS(status)) {
            PW_TRACE("IoCreateSymbolicLink 0x%08X", status);
            break;
        }
        linkCreated = true;

        status = notify::RegisterAll();
        if (!NT_SUCCESS(status))
            break;
    } while (false);

    if (!NT_SUCCESS(status)) {
        if (linkCreated)
            IoDeleteSymbolicLink(&link);
        if (g.Device)
            IoDeleteDevice(g.Device);
        return status;
    }

    DriverObject->DriverUnload = PwUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = PwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PwDeviceControl;

    PW_TRACE("loaded");
    return STATUS_SUCCESS;
}
