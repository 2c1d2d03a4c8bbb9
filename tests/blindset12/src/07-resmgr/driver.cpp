#include "kvstore.h"

using namespace kv;

namespace {

UNICODE_STRING g_DevName = RTL_CONSTANT_STRING(L"\\Device\\KvStore");
UNICODE_STRING g_SymLink = RTL_CONSTANT_STRING(L"\\??\\KvStore");

NTSTATUS Complete(PIRP irp, NTSTATUS status, ULONG_PTR info = 0)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = info;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS OnCreateClose(PDEVICE_OBJECT, PIRP irp)
{
    return Complete(irp, STATUS_SUCCESS);
}

NTSTATUS OnIoctl(PDEVICE_OBJECT, PIRP irp)
{
    auto sp = IoGetCurrentIrpStackLocation(irp);
    auto& dic = sp->Parameters.DeviceIoControl;
    auto pair = static_cast<KvPair*>(irp->AssociatedIrp.SystemBuffer);

    if (dic.InputBufferLength < sizeof(KvPair)) {
        return Complete(irp, STATUS_BUFFER_TOO_SMALL);
    }

    switch (dic.IoControlCode) {
    case IOCTL_KV_PUT:
        return Complete(irp, Store::Put(*pair));
    case IOCTL_KV_GET: {
        if (dic.OutputBufferLength < sizeof(KvPair)) {
            return Complete(irp, STATUS_BUFFER_TOO_SMALL);
        }
        auto st = Store::Get(*pair);
        return Complete(irp, st, NT_SUCCESS(st) ? sizeof(KvPair) : 0);
    }
    case IOCTL_KV_DEL:
        pair->Key[kKeyMax - 1] = '\0';
        return Complete(irp, Store::Remove(pair->Key));
    default:
        return Complete(irp, STATUS_INVALID_DEVICE_REQUEST);
    }
}

void OnUnload(PDRIVER_OBJECT DriverObject)
{
    Store::Clear();
    ExDeleteNPagedLookasideList(&Store::s_Pool);
    ExDeleteResourceLite(&Store::s_Lock);
    IoDeleteDevice(DriverObject->DeviceObject);
    KdPrint(("kvstore: bye\n"));
}

} // namespace

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    InitializeListHead(&Store::s_Head);
    Store::s_Count = 0;

    ExInitializeResourceLite(&Store::s_Lock);
    ExInitializeNPagedLookasideList(&Store::s_Pool, nullptr, nullptr, POOL_NX_ALLOCATION,
                                    sizeof(Entry), kTag, 0);
    auto undoPool = MakeScopeExit([] { ExDeleteNPagedLookasideList(&Store::s_Pool); });

    PDEVICE_OBJECT device = nullptr;
    auto status = IoCreateDevice(DriverObject, 0, &g_DevName, FILE_DEVICE_UNKNOWN,
                                 FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("kvstore: IoCreateDevice 0x%08X\n", status));
        return status;
    }
    auto undoDevice = MakeScopeExit([device] { IoDeleteDevice(device); });

    status = IoCreateSymbolicLink(&g_SymLink, &g_DevName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("kvstore: IoCreateSymbolicLink 0x%08X\n", status));
        ExDeleteResourceLite(&Store::s_Lock);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = OnCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = OnCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = OnIoctl;
    DriverObject->DriverUnload = OnUnload;

    device->Flags |= DO_BUFFERED_IO;
    device->Flags &= ~DO_DEVICE_INITIALIZING;

    undoDevice.Dismiss();
    undoPool.Dismiss();
    return STATUS_SUCCESS;
}
