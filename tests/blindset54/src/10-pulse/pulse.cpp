// pulse.cpp - DriverEntry, Unload, dispatch, registry
#include "pulse.h"

using pulse::Pulse;

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace {

PDEVICE_OBJECT g_Device = nullptr;

// owns a pool allocation for the lifetime of a scope
template <typename T>
class PoolPtr {
public:
    explicit PoolPtr(T* p = nullptr) : p_(p) {}
    ~PoolPtr() { if (p_) ExFreePoolWithTag(p_, PULSE_TAG); }
    T* get() const { return p_; }
    explicit operator bool() const { return p_ != nullptr; }
    PoolPtr(const PoolPtr&) = delete;
    PoolPtr& operator=(const PoolPtr&) = delete;
private:
    T* p_;
};

NTSTATUS CompleteIrp(PIRP Irp, NTSTATUS Status, ULONG_PTR Info = 0)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

DRIVER_UNLOAD PulseUnload;
void PulseUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNICODE_STRING link = RTL_CONSTANT_STRING(PULSE_LINK_NAME);

    // reverse of DriverEntry
    Pulse::Stop();
    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g_Device);
    g_Device = nullptr;

    PLOG("%s", "unloaded");
}

DRIVER_DISPATCH PulseCreateClose;
NTSTATUS PulseCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return CompleteIrp(Irp, STATUS_SUCCESS);
}

DRIVER_DISPATCH PulseIoctl;
NTSTATUS PulseIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    auto sp = IoGetCurrentIrpStackLocation(Irp);

    if (sp->Parameters.DeviceIoControl.IoControlCode != IOCTL_PULSE_QUERY) {
        return CompleteIrp(Irp, STATUS_INVALID_DEVICE_REQUEST);
    }
    if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(PULSE_STATS)) {
        return CompleteIrp(Irp, STATUS_BUFFER_TOO_SMALL);
    }
    Pulse::Query(static_cast<PULSE_STATS*>(Irp->AssociatedIrp.SystemBuffer));
    return CompleteIrp(Irp, STATUS_SUCCESS, sizeof(PULSE_STATS));
}

} // namespace

NTSTATUS pulse::ReadPeriod(PCUNICODE_STRING RegistryPath, PULONG PeriodMs)
{
    *PeriodMs = PULSE_DEFAULT_PERIOD;

    // RtlQueryRegistryValues wants a NUL-terminated absolute path
    USHORT cb = RegistryPath->Length + sizeof(PULSE_PARAMS);
    PoolPtr<WCHAR> path(static_cast<PWCHAR>(ExAllocatePoolWithTag(PagedPool, cb, PULSE_TAG)));
    if (!path) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    UNICODE_STRING us = { 0, cb, path.get() };
    RtlCopyUnicodeString(&us, RegistryPath);
    RtlAppendUnicodeToString(&us, PULSE_PARAMS);
    path.get()[us.Length / sizeof(WCHAR)] = UNICODE_NULL;

    ULONG value = PULSE_DEFAULT_PERIOD;
    ULONG def = PULSE_DEFAULT_PERIOD;
    RTL_QUERY_REGISTRY_TABLE table[2] = {};
    table[0].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name          = const_cast<PWSTR>(L"PeriodMs");
    table[0].EntryContext  = &value;
    table[0].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData   = &def;
    table[0].DefaultLength = sizeof(ULONG);

    NTSTATUS status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                             path.get(), table, nullptr, nullptr);
    if (NT_SUCCESS(status) && value >= PULSE_MIN_PERIOD) {
        *PeriodMs = value;
    }
    // a missing key/value is fine, we run with the default
    return STATUS_SUCCESS;
}

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(PULSE_DEVICE_NAME);
    UNICODE_STRING link    = RTL_CONSTANT_STRING(PULSE_LINK_NAME);
    ULONG period = PULSE_DEFAULT_PERIOD;

    NTSTATUS status = pulse::ReadPeriod(RegistryPath, &period);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_PULSE,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        PERR("IoCreateDevice 0x%08X", status);
        return status;
    }
    g_Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&link, &devName);
    if (!NT_SUCCESS(status)) {
        PERR("IoCreateSymbolicLink 0x%08X", status);
        IoDeleteDevice(g_Device);
        g_Device = nullptr;
        return status;
    }

    status = Pulse::Start(period);
    if (!NT_SUCCESS(status)) {
        IoDeleteSymbolicLink(&link);
        IoDeleteDevice(g_Device);
        g_Device = nullptr;
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = PulseCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = PulseCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PulseIoctl;
    DriverObject->DriverUnload = PulseUnload;

    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;
    PLOG("started, period %lu ms", period);
    return STATUS_SUCCESS;
}
