// driver.cpp - PoolList entry point, notify routine and dispatch
#include "store.h"

static plist::Config*      g_Config = nullptr;
static plist::RecordStore* g_Store = nullptr;
static PDEVICE_OBJECT      g_Device = nullptr;

static const UNICODE_STRING g_DeviceName = RTL_CONSTANT_STRING(L"\\Device\\PoolList");
static const UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(L"\\??\\PoolList");

extern "C" DRIVER_INITIALIZE DriverEntry;

static void OnProcess(PEPROCESS, HANDLE pid, PPS_CREATE_NOTIFY_INFO info)
{
    if (info != nullptr) {
        g_Store->Add(HandleToULong(pid), HandleToULong(info->ParentProcessId),
                     info->ImageFileName);
    } else {
        g_Store->Remove(HandleToULong(pid));
    }
}

static NTSTATUS Complete(PIRP Irp, NTSTATUS status, ULONG_PTR info)
{
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static NTSTATUS PlCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    return Complete(Irp, STATUS_SUCCESS, 0);
}

static NTSTATUS PlIoctl(PDEVICE_OBJECT, PIRP Irp)
{
    auto sp = IoGetCurrentIrpStackLocation(Irp);
    auto outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_PLIST_SNAPSHOT: {
        auto out = static_cast<plist::RecordInfo*>(Irp->AssociatedIrp.SystemBuffer);
        auto n = g_Store->Snapshot(out, outLen / sizeof(plist::RecordInfo));
        return Complete(Irp, STATUS_SUCCESS, n * sizeof(plist::RecordInfo));
    }
    case IOCTL_PLIST_COUNT:
        if (outLen < sizeof(ULONG)) {
            return Complete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        *static_cast<PULONG>(Irp->AssociatedIrp.SystemBuffer) = g_Store->Count();
        return Complete(Irp, STATUS_SUCCESS, sizeof(ULONG));
    default:
        return Complete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}

static void PlUnload(PDRIVER_OBJECT)
{
    PsSetCreateProcessNotifyRoutineEx(OnProcess, TRUE);
    IoDeleteSymbolicLink(const_cast<PUNICODE_STRING>(&g_LinkName));
    IoDeleteDevice(g_Device);
    delete g_Store;
    delete g_Config;
    g_Store = nullptr;
    g_Config = nullptr;
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    g_Config = new plist::Config;
    if (g_Config == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = plist::LoadConfig(RegistryPath, g_Config);
    if (!NT_SUCCESS(status)) {
        KdPrint(("poollist: no config (0x%08X), defaults\n", status));
    }

    g_Store = new plist::RecordStore(g_Config->MaxRecords);
    if (g_Store == nullptr) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto fail_config;
    }

    status = IoCreateDevice(DriverObject, 0, const_cast<PUNICODE_STRING>(&g_DeviceName),
                            FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        goto fail_store;
    }
    g_Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(const_cast<PUNICODE_STRING>(&g_LinkName),
                                  const_cast<PUNICODE_STRING>(&g_DeviceName));
    if (!NT_SUCCESS(status)) {
        goto fail_device;
    }

    status = PsSetCreateProcessNotifyRoutineEx(OnProcess, FALSE);
    if (!NT_SUCCESS(status)) {
        goto fail_link;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PlIoctl;
    DriverObject->DriverUnload = PlUnload;
    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;

    KdPrint(("poollist: tracking up to %lu processes\n", g_Config->MaxRecords));
    return STATUS_SUCCESS;

fail_link:
    IoDeleteSymbolicLink(const_cast<PUNICODE_STRING>(&g_LinkName));
fail_device:
    IoDeleteDevice(g_Device);
    g_Device = nullptr;
fail_store:
    delete g_Store;
    g_Store = nullptr;
fail_config:
    delete g_Config;
    DbgPrint("poollist: DriverEntry failed 0x%08X (limit was %lu)\n", status, g_Config->MaxRecords);
    g_Config = nullptr;
    return status;
}
