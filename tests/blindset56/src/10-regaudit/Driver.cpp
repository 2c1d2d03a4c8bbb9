#include "regaudit.h"

using namespace regaudit;

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace {

struct DriverState {
    PDEVICE_OBJECT Device;
    UNICODE_STRING Link;
    bool           LinkCreated;
    bool           QueueReady;
    UNICODE_STRING ServiceKey;   // private copy, RegistryPath is gone after DriverEntry
};

DriverState g_State = {};

NTSTATUS CopyServiceKey(PCUNICODE_STRING RegistryPath)
{
    auto buffer = static_cast<PWCH>(ExAllocatePool2(POOL_FLAG_PAGED, RegistryPath->Length, RA_TAG_PATH));
    if (!buffer) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(buffer, RegistryPath->Buffer, RegistryPath->Length);
    g_State.ServiceKey.Buffer        = buffer;
    g_State.ServiceKey.Length        = RegistryPath->Length;
    g_State.ServiceKey.MaximumLength = RegistryPath->Length;
    return STATUS_SUCCESS;
}

void FreeServiceKey()
{
    if (g_State.ServiceKey.Buffer) {
        ExFreePoolWithTag(g_State.ServiceKey.Buffer, RA_TAG_PATH);
        RtlZeroMemory(&g_State.ServiceKey, sizeof(g_State.ServiceKey));
    }
}

// reads the three REG_DWORD switches, missing values keep their current setting
void LoadSettings()
{
    OBJECT_ATTRIBUTES oa;
    HANDLE key = nullptr;

    InitializeObjectAttributes(&oa, &g_State.ServiceKey, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, nullptr);
    if (!NT_SUCCESS(ZwOpenKey(&key, KEY_QUERY_VALUE, &oa))) {
        return;
    }

    auto read = [key](PCWSTR name, volatile LONG& target) {
        UNICODE_STRING valueName;
        UCHAR raw[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)] = {};
        ULONG len = 0;
        auto info = reinterpret_cast<PKEY_VALUE_PARTIAL_INFORMATION>(raw);
        RtlInitUnicodeString(&valueName, name);
        if (NT_SUCCESS(ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, info, sizeof(raw), &len)) &&
            info->Type == REG_DWORD && info->DataLength == sizeof(ULONG)) {
            InterlockedExchange(&target, *reinterpret_cast<PLONG>(info->Data) ? 1 : 0);
        }
    };

    read(L"AuditCreate",   g_Settings.AuditCreate);
    read(L"AuditSetValue", g_Settings.AuditSetValue);
    read(L"AuditDelete",   g_Settings.AuditDelete);

    ZwClose(key);
}

NTSTATUS Complete(PIRP Irp, NTSTATUS Status, ULONG_PTR Info = 0)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS DispatchCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    return Complete(Irp, STATUS_SUCCESS);
}

NTSTATUS DispatchIoctl(PDEVICE_OBJECT, PIRP Irp)
{
    auto sp = IoGetCurrentIrpStackLocation(Irp);
    const ULONG outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_RA_FETCH: {
        if (outLen < sizeof(Record)) {
            return Complete(Irp, STATUS_BUFFER_TOO_SMALL);
        }
        ULONG n = AuditQueue::Fetch(static_cast<Record*>(Irp->AssociatedIrp.SystemBuffer),
                                    outLen / sizeof(Record));
        return Complete(Irp, STATUS_SUCCESS, n * sizeof(Record));
    }
    case IOCTL_RA_RELOAD:
        LoadSettings();
        TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_IOCTL, "settings: create=%ld set=%ld delete=%ld",
                    g_Settings.AuditCreate, g_Settings.AuditSetValue, g_Settings.AuditDelete);
        return Complete(Irp, STATUS_SUCCESS);
    }

    return Complete(Irp, STATUS_INVALID_DEVICE_REQUEST);
}

void Teardown()
{
    // callback first, it feeds the queue
    UnregisterRegistryCallback();

    if (g_State.LinkCreated) {
        IoDeleteSymbolicLink(&g_State.Link);
        g_State.LinkCreated = false;
    }
    if (g_State.Device) {
        IoDeleteDevice(g_State.Device);
        g_State.Device = nullptr;
    }
    if (g_State.QueueReady) {
        AuditQueue::Destroy();
        g_State.QueueReady = false;
    }
    FreeServiceKey();
}

void DriverUnload(PDRIVER_OBJECT DriverObject)
{
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "unloading");
    Teardown();
    WPP_CLEANUP(DriverObject);
}

} // namespace

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WPP_INIT_TRACING(DriverObject, RegistryPath);

    UNICODE_STRING devName  = RTL_CONSTANT_STRING(RA_DEVICE_NAME);
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(RA_DEFAULT_ALTITUDE);
    RtlInitUnicodeString(&g_State.Link, RA_LINK_NAME);

    NTSTATUS status = CopyServiceKey(RegistryPath);
    if (!NT_SUCCESS(status)) {
        WPP_CLEANUP(DriverObject);
        return status;
    }
    LoadSettings();

    AuditQueue::Init();
    g_State.QueueReady = true;

    do {
        status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &g_State.Device);
        if (!NT_SUCCESS(status)) {
            TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "IoCreateDevice 0x%08X", status);
            break;
        }
        g_State.Device->Flags |= DO_BUFFERED_IO;

        status = IoCreateSymbolicLink(&g_State.Link, &devName);
        if (!NT_SUCCESS(status)) {
            TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "IoCreateSymbolicLink 0x%08X", status);
            break;
        }
        g_State.LinkCreated = true;

        status = RegisterRegistryCallback(DriverObject, &altitude);
    } while (false);

    if (!NT_SUCCESS(status)) {
        Teardown();
        WPP_CLEANUP(DriverObject);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchIoctl;
    DriverObject->DriverUnload = DriverUnload;

    g_State.Device->Flags &= ~DO_DEVICE_INITIALIZING;

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "loaded, key %wZ", &g_State.ServiceKey);
    return STATUS_SUCCESS;
}
