// driver.cpp - kguard: keeps a table of live processes and a ring of recent events
#include "kguard.h"

static PDEVICE_OBJECT g_DeviceObject;
static BOOLEAN g_NotifyRegistered;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD KgUnload;
static DRIVER_DISPATCH KgDispatch;

static void KgRecord(PKG_DEVICE_EXTENSION ext, HANDLE pid, HANDLE parent, BOOLEAN create)
{
    KIRQL irql;
    KeAcquireSpinLock(&ext->RingLock, &irql);
    PKG_RECORD r = &ext->Ring[ext->Next++ % KG_RING_SIZE];
    r->ProcessId = HandleToULong(pid);
    r->ParentId = HandleToULong(parent);
    r->Create = create;
    KeQuerySystemTimePrecise(&r->Time);
    KeReleaseSpinLock(&ext->RingLock, irql);
}

static void KgProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);
    auto ext = static_cast<PKG_DEVICE_EXTENSION>(g_DeviceObject->DeviceExtension);

    if (CreateInfo) {
        if (!NT_SUCCESS(kg::g_Table.Insert(ProcessId, CreateInfo->ParentProcessId))) {
            KG_LOG("table insert failed for %p\n", ProcessId);
        }
        KgRecord(ext, ProcessId, CreateInfo->ParentProcessId, TRUE);
    } else {
        kg::g_Table.Remove(ProcessId);
        KgRecord(ext, ProcessId, nullptr, FALSE);
    }
}

static NTSTATUS KgDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    auto sl = IoGetCurrentIrpStackLocation(Irp);
    auto ext = static_cast<PKG_DEVICE_EXTENSION>(DeviceObject->DeviceExtension);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;

    if (sl->MajorFunction == IRP_MJ_DEVICE_CONTROL) {
        if (sl->Parameters.DeviceIoControl.IoControlCode == IOCTL_KG_QUERY &&
            sl->Parameters.DeviceIoControl.OutputBufferLength >= sizeof(ULONG)) {
            *static_cast<PULONG>(Irp->AssociatedIrp.SystemBuffer) = kg::g_Table.Count();
            InterlockedIncrement(reinterpret_cast<volatile LONG*>(&ext->Queries));
            info = sizeof(ULONG);
        } else {
            status = STATUS_INVALID_DEVICE_REQUEST;
        }
    }
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static void KgUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNICODE_STRING link = RTL_CONSTANT_STRING(KG_LINK);
    auto ext = static_cast<PKG_DEVICE_EXTENSION>(g_DeviceObject->DeviceExtension);

    if (g_NotifyRegistered) {
        PsSetCreateProcessNotifyRoutineEx(KgProcessNotify, TRUE);
        g_NotifyRegistered = FALSE;
    }

    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g_DeviceObject);

    KG_LOG("unload: %lu queries served, %lu events\n", ext->Queries, ext->Next);
    if (ext->Ring) {
        ExFreePoolWithTag(ext->Ring, KG_TAG);
    }
    g_DeviceObject = nullptr;

    kg::g_Table.Clear();
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    UNICODE_STRING name = RTL_CONSTANT_STRING(KG_DEVICE);
    UNICODE_STRING link = RTL_CONSTANT_STRING(KG_LINK);
    PKG_DEVICE_EXTENSION ext;
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, sizeof(KG_DEVICE_EXTENSION), &name,
                            FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &g_DeviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ext = static_cast<PKG_DEVICE_EXTENSION>(g_DeviceObject->DeviceExtension);
    RtlZeroMemory(ext, sizeof(*ext));
    KeInitializeSpinLock(&ext->RingLock);

    ext->Ring = static_cast<PKG_RECORD>(ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                        KG_RING_SIZE * sizeof(KG_RECORD), KG_TAG));
    if (ext->Ring == nullptr) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto fail_device;
    }

    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        goto fail_ring;
    }

    status = PsSetCreateProcessNotifyRoutineEx(KgProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        KG_LOG("PsSetCreateProcessNotifyRoutineEx 0x%x\n", status);
        goto fail_link;
    }
    g_NotifyRegistered = TRUE;

    for (int i = 0; i < IRP_MJ_MAXIMUM_FUNCTION + 1; i++) {
        DriverObject->MajorFunction[i] = KgDispatch;
    }
    DriverObject->DriverUnload = KgUnload;
    return STATUS_SUCCESS;

fail_link:
    IoDeleteSymbolicLink(&link);
fail_ring:
    ExFreePoolWithTag(ext->Ring, KG_TAG);
fail_device:
    IoDeleteDevice(g_DeviceObject);
    g_DeviceObject = nullptr;
    return status;
}
