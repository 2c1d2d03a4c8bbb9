// events.cpp - blocked-write records and the \\.\RegGuard control device.
#include "regguard.h"

static const GUID RG_DEVICE_CLASS =
    { 0x2d7b6e4a, 0x98c1, 0x4f03, { 0xb5, 0xe2, 0x61, 0xa9, 0xc0, 0xd3, 0xf7, 0x84 } };

_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE)
static DRIVER_DISPATCH RgDispatchCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
static DRIVER_DISPATCH RgDispatchIoctl;

void RgEventStoreInit()
{
    KeInitializeSpinLock(&g_Rg.EventLock);
    InitializeListHead(&g_Rg.EventList);
    g_Rg.EventCount = 0;
    ExInitializeNPagedLookasideList(&g_Rg.EventLookaside, nullptr, nullptr,
                                    POOL_NX_ALLOCATION, sizeof(RG_EVENT), RG_TAG_EVENT, 0);
}

// Callers guarantee that neither the registry callback nor an IOCTL is active.
void RgEventStoreDestroy()
{
    while (!IsListEmpty(&g_Rg.EventList)) {
        PLIST_ENTRY entry = RemoveHeadList(&g_Rg.EventList);
        ExFreeToNPagedLookasideList(&g_Rg.EventLookaside, CONTAINING_RECORD(entry, RG_EVENT, Link));
    }
    g_Rg.EventCount = 0;
    ExDeleteNPagedLookasideList(&g_Rg.EventLookaside);
}

void RgRecordEvent(_In_ ULONG Operation, _In_ PCUNICODE_STRING KeyPath)
{
    auto* ev = static_cast<RG_EVENT*>(ExAllocateFromNPagedLookasideList(&g_Rg.EventLookaside));
    if (ev == nullptr) {
        return;
    }
    RtlZeroMemory(ev, sizeof(*ev));
    KeQuerySystemTime(&ev->Record.Time);
    ev->Record.ProcessId = HandleToULong(PsGetCurrentProcessId());
    ev->Record.Operation = Operation;
    (void)RtlStringCchCopyNW(ev->Record.KeyPath, RG_EVENT_PATH_CHARS,
                             KeyPath->Buffer, KeyPath->Length / sizeof(WCHAR));

    RG_EVENT* evicted = nullptr;
    KIRQL irql;
    KeAcquireSpinLock(&g_Rg.EventLock, &irql);
    InsertTailList(&g_Rg.EventList, &ev->Link);
    if (++g_Rg.EventCount > RG_MAX_EVENTS) {
        evicted = CONTAINING_RECORD(RemoveHeadList(&g_Rg.EventList), RG_EVENT, Link);
        g_Rg.EventCount--;
    }
    KeReleaseSpinLock(&g_Rg.EventLock, irql);

    if (evicted != nullptr) {
        ExFreeToNPagedLookasideList(&g_Rg.EventLookaside, evicted);
    }
}

NTSTATUS RgCreateControlDevice(_In_ PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING deviceName = RTL_CONSTANT_STRING(RG_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(RG_LINK_NAME);
    PDEVICE_OBJECT device = nullptr;

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = RgDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = RgDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RgDispatchIoctl;

    NTSTATUS status = IoCreateDeviceSecure(DriverObject, 0, &deviceName, FILE_DEVICE_UNKNOWN,
                                           FILE_DEVICE_SECURE_OPEN, FALSE,
                                           &SDDL_DEVOBJ_SYS_ALL_ADM_ALL, &RG_DEVICE_CLASS, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = IoCreateSymbolicLink(&linkName, &deviceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        return status;
    }

    device->Flags |= DO_BUFFERED_IO;
    device->Flags &= ~DO_DEVICE_INITIALIZING;
    g_Rg.ControlDevice = device;
    g_Rg.LinkCreated = TRUE;
    return STATUS_SUCCESS;
}

void RgDeleteControlDevice()
{
    if (g_Rg.LinkCreated) {
        UNICODE_STRING linkName = RTL_CONSTANT_STRING(RG_LINK_NAME);
        IoDeleteSymbolicLink(&linkName);
        g_Rg.LinkCreated = FALSE;
    }
    if (g_Rg.ControlDevice != nullptr) {
        IoDeleteDevice(g_Rg.ControlDevice);
        g_Rg.ControlDevice = nullptr;
    }
}

static NTSTATUS RgComplete(_Inout_ PIRP Irp, _In_ NTSTATUS Status, _In_ ULONG_PTR Info)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static NTSTATUS RgDispatchCreateClose(_In_ PDEVICE_OBJECT, _Inout_ PIRP Irp)
{
    return RgComplete(Irp, STATUS_SUCCESS, 0);
}

static NTSTATUS RgDispatchIoctl(_In_ PDEVICE_OBJECT, _Inout_ PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_RG_SET_AGENT:
        // The PID is the caller's own, never taken from the buffer.
        if (sp->Parameters.DeviceIoControl.InputBufferLength != 0) {
            return RgComplete(Irp, STATUS_INVALID_PARAMETER, 0);
        }
        InterlockedExchangePointer(reinterpret_cast<PVOID volatile*>(&g_Rg.AgentPid),
                                   PsGetCurrentProcessId());
        return RgComplete(Irp, STATUS_SUCCESS, 0);

    case IOCTL_RG_GET_EVENTS:
    {
        ULONG capacity = sp->Parameters.DeviceIoControl.OutputBufferLength / sizeof(RG_EVENT_RECORD);
        auto* out = static_cast<RG_EVENT_RECORD*>(Irp->AssociatedIrp.SystemBuffer);
        ULONG n = 0;
        KIRQL irql;

        KeAcquireSpinLock(&g_Rg.EventLock, &irql);
        while (n < capacity && !IsListEmpty(&g_Rg.EventList)) {
            RG_EVENT* ev = CONTAINING_RECORD(RemoveHeadList(&g_Rg.EventList), RG_EVENT, Link);
            out[n++] = ev->Record;
            g_Rg.EventCount--;
            ExFreeToNPagedLookasideList(&g_Rg.EventLookaside, ev);
        }
        KeReleaseSpinLock(&g_Rg.EventLock, irql);
        return RgComplete(Irp, STATUS_SUCCESS, static_cast<ULONG_PTR>(n) * sizeof(RG_EVENT_RECORD));
    }

    default:
        return RgComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}
