// guard.cpp -- device, shutdown registration, state
#include "shutguard.h"

namespace sg {

PDEVICE_OBJECT Guard::s_Device             = nullptr;
UNICODE_STRING Guard::s_ParamsPath         = {};
BOOLEAN        Guard::s_LinkCreated        = FALSE;
BOOLEAN        Guard::s_ShutdownRegistered = FALSE;
LARGE_INTEGER  Guard::s_Previous           = {};
ULONG          Guard::s_Count              = 0;
LARGE_INTEGER  Guard::s_LoadTime           = {};

// RegistryPath->Buffer is only good during DriverEntry: keep a private copy
// of "<service key>\Parameters" for the shutdown handler.
NTSTATUS Guard::SavePath(PCUNICODE_STRING RegistryPath)
{
    const USHORT suffixBytes = sizeof(SG_PARAMS_SUFFIX) - sizeof(WCHAR);
    const ULONG  total       = static_cast<ULONG>(RegistryPath->Length) + suffixBytes;

    if (total > MAXUSHORT) {
        return STATUS_NAME_TOO_LONG;
    }

    auto buffer = static_cast<PWCH>(ExAllocatePoolWithTag(PagedPool, total, SG_TAG));
    if (!buffer) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    RtlInitEmptyUnicodeString(&s_ParamsPath, buffer, static_cast<USHORT>(total));
    RtlCopyUnicodeString(&s_ParamsPath, RegistryPath);
    NTSTATUS status = RtlAppendUnicodeToString(&s_ParamsPath, SG_PARAMS_SUFFIX);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(buffer, SG_TAG);
        RtlInitEmptyUnicodeString(&s_ParamsPath, nullptr, 0);
    }
    return status;
}

void Guard::LoadState()
{
    HANDLE key = nullptr;

    if (!NT_SUCCESS(OpenKey(&s_ParamsPath, KEY_READ, &key))) {
        return;
    }
    if (!NT_SUCCESS(ReadQword(key, SG_VAL_LAST, &s_Previous))) {
        s_Previous.QuadPart = 0;
    }
    if (!NT_SUCCESS(ReadDword(key, SG_VAL_COUNT, &s_Count))) {
        s_Count = 0;
    }
    ZwClose(key);
}

NTSTATUS Guard::StoreState()
{
    HANDLE         key = nullptr;
    LARGE_INTEGER  now;
    ULONG          count = s_Count + 1;
    UNICODE_STRING last  = RTL_CONSTANT_STRING(SG_VAL_LAST);
    UNICODE_STRING cnt   = RTL_CONSTANT_STRING(SG_VAL_COUNT);

    RETURN_IF_FAILED(OpenKey(&s_ParamsPath, KEY_SET_VALUE, &key), "open Parameters");

    KeQuerySystemTime(&now);
    NTSTATUS status = ZwSetValueKey(key, &last, 0, REG_QWORD, &now, sizeof(now));
    if (NT_SUCCESS(status)) {
        status = ZwSetValueKey(key, &cnt, 0, REG_DWORD, &count, sizeof(count));
    }
    ZwFlushKey(key);
    ZwClose(key);
    return status;
}

NTSTATUS Guard::Init(PDRIVER_OBJECT DriverObject, PCUNICODE_STRING RegistryPath)
{
    UNICODE_STRING ntName  = RTL_CONSTANT_STRING(SG_NT_NAME);
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(SG_DOS_NAME);

    KeQuerySystemTime(&s_LoadTime);

    RETURN_IF_FAILED(SavePath(RegistryPath), "SavePath");
    LoadState();

    PDEVICE_OBJECT dev = nullptr;
    RETURN_IF_FAILED(IoCreateDevice(DriverObject, 0, &ntName, FILE_DEVICE_SHUTGUARD,
                                    FILE_DEVICE_SECURE_OPEN, FALSE, &dev),
                     "IoCreateDevice");
    s_Device = dev;
    s_Device->Flags |= DO_BUFFERED_IO;

    RETURN_IF_FAILED(IoCreateSymbolicLink(&dosName, &ntName), "IoCreateSymbolicLink");
    s_LinkCreated = TRUE;

    RETURN_IF_FAILED(IoRegisterShutdownNotification(s_Device), "IoRegisterShutdownNotification");
    s_ShutdownRegistered = TRUE;

    s_Device->Flags &= ~DO_DEVICE_INITIALIZING;
    SGLOG("previous shutdown %I64d, %lu clean so far", s_Previous.QuadPart, s_Count);
    return STATUS_SUCCESS;
}

// Undo whatever Init got done, newest first.  Used by the DriverEntry
// failure path and by DriverUnload.
void Guard::Teardown()
{
    if (s_ShutdownRegistered) {
        IoUnregisterShutdownNotification(s_Device);
        s_ShutdownRegistered = FALSE;
    }
    if (s_LinkCreated) {
        UNICODE_STRING dosName = RTL_CONSTANT_STRING(SG_DOS_NAME);
        IoDeleteSymbolicLink(&dosName);
        s_LinkCreated = FALSE;
    }
    if (s_Device) {
        IoDeleteDevice(s_Device);
        s_Device = nullptr;
    }
    if (s_ParamsPath.Buffer) {
        ExFreePoolWithTag(s_ParamsPath.Buffer, SG_TAG);
        RtlInitEmptyUnicodeString(&s_ParamsPath, nullptr, 0);
    }
}

NTSTATUS Guard::CreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    Irp->IoStatus.Status      = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS Guard::DeviceControl(PDEVICE_OBJECT, PIRP Irp)
{
    auto      sp     = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS  status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info   = 0;

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_SHUTGUARD_QUERY) {
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(SG_QUERY_OUT)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            auto out = static_cast<SG_QUERY_OUT*>(Irp->AssociatedIrp.SystemBuffer);
            out->PreviousShutdown = s_Previous;
            out->CleanShutdowns   = s_Count;
            out->LoadTime         = s_LoadTime;
            status = STATUS_SUCCESS;
            info   = sizeof(SG_QUERY_OUT);
        }
    }

    Irp->IoStatus.Status      = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS Guard::Shutdown(PDEVICE_OBJECT, PIRP Irp)
{
    NTSTATUS status = StoreState();
    SGLOG("shutdown recorded: 0x%08X", status);

    Irp->IoStatus.Status      = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

} // namespace sg
