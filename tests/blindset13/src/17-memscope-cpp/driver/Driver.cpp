//
// Driver.cpp - memscope.sys: a teaching driver that reads other processes'
// memory on request. Test-signing only; never ship this.
//
#include "Memscope.h"

namespace ms {
DriverConfig* g_Config = nullptr;
}

namespace {

PDEVICE_OBJECT g_Device;
UNICODE_STRING g_DeviceName = RTL_CONSTANT_STRING(L"\\Device\\Memscope");
UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(L"\\??\\Memscope");

void ReleaseConfig()
{
    delete ms::g_Config;
}

NTSTATUS Complete(PIRP irp, NTSTATUS status, ULONG_PTR info)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = info;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS DispatchCreateClose(PDEVICE_OBJECT, PIRP irp)
{
    return Complete(irp, STATUS_SUCCESS, 0);
}

NTSTATUS DispatchIoctl(PDEVICE_OBJECT, PIRP irp)
{
    auto sp = IoGetCurrentIrpStackLocation(irp);
    auto& p = sp->Parameters.DeviceIoControl;
    auto buffer = irp->AssociatedIrp.SystemBuffer;
    ULONG n = 0;
    NTSTATUS status;

    switch (p.IoControlCode) {
    case IOCTL_MEMSCOPE_READ: {
        if (p.InputBufferLength < sizeof(MemscopeReadRequest)) {
            return Complete(irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        // copy the request out first: input and output share the buffer
        MemscopeReadRequest req = *static_cast<MemscopeReadRequest*>(buffer);
        status = ms::ReadProcessMemory(req, buffer, p.OutputBufferLength, &n);
        return Complete(irp, status, n);
    }
    case IOCTL_MEMSCOPE_LIST:
        status = ms::ListProcesses(static_cast<MemscopeProcessEntry*>(buffer),
                                   p.OutputBufferLength / sizeof(MemscopeProcessEntry), &n);
        return Complete(irp, status, NT_SUCCESS(status) ? n * sizeof(MemscopeProcessEntry) : 0);
    default:
        return Complete(irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}

void DriverUnload(PDRIVER_OBJECT)
{
    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(g_Device);
    ReleaseConfig();
    MS_LOG("unloaded%s", "");
}

} // namespace

NTSTATUS ms::DriverConfig::Load(PCUNICODE_STRING RegistryPath)
{
    RTL_QUERY_REGISTRY_TABLE table[3] = {};
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[0].Name = const_cast<PWSTR>(L"MaxReadSize");
    table[0].EntryContext = &MaxReadSize;
    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[1].Name = const_cast<PWSTR>(L"Flags");
    table[1].EntryContext = &Flags;
    return RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RegistryPath->Buffer, table, nullptr, nullptr);
}

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    ms::g_Config = new ms::DriverConfig;
    if (ms::g_Config == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    NTSTATUS status = ms::g_Config->Load(RegistryPath);
    if (!NT_SUCCESS(status)) {
        MS_LOG("no Parameters (0x%08X), using defaults", status);
    }

#if DBG
    if (ms::g_Config->Flags & ms::CfgBreakOnLoad) {
        DbgBreakPoint();
    }
#endif

    status = IoCreateDevice(DriverObject, 0, &g_DeviceName, MEMSCOPE_DEVICE_TYPE,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        MS_LOG("IoCreateDevice 0x%08X", status);
        ReleaseConfig();
        return status;
    }

    status = IoCreateSymbolicLink(&g_LinkName, &g_DeviceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_Device);
        ReleaseConfig();
        MS_LOG("IoCreateSymbolicLink 0x%08X (config flags 0x%X)", status, ms::g_Config->Flags);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchIoctl;
    DriverObject->DriverUnload = DriverUnload;

    MS_LOG("loaded, max read %lu", ms::g_Config->MaxReadSize);
    return STATUS_SUCCESS;
}
