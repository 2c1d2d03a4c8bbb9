//
// ProcWatch - logs process creation/exit, pwclient.exe reads the records
// with ReadFile on \\.\ProcWatch.
//
// Link with /INTEGRITYCHECK or PsSetCreateProcessNotifyRoutineEx fails
// with STATUS_ACCESS_DENIED.
//
#include <ntddk.h>
#include "EventLog.h"

#define LOG(fmt, ...)  KdPrint(("ProcWatch: " fmt "\n", __VA_ARGS__))

using namespace pw;

namespace {

struct Config
{
    ULONG MaxItems = PW_DEFAULT_MAX;
    bool  LogExits = true;
};

Config g_Config;

void OnProcessNotify(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId,
                     _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo != nullptr) {
        USHORT nameLen = 0;
        if (CreateInfo->ImageFileName != nullptr) {
            nameLen = min(CreateInfo->ImageFileName->Length, (USHORT)(MAXUSHORT / 2));
        }
        const USHORT size = (USHORT)(sizeof(PwProcessCreate) + nameLen);

        auto item = EventLog::Allocate(size);
        if (item == nullptr) {
            return;
        }
        auto rec = reinterpret_cast<PwProcessCreate*>(&item->Data);
        rec->Type            = PwEventType::ProcessCreate;
        rec->ProcessId       = HandleToULong(ProcessId);
        rec->ParentProcessId = HandleToULong(CreateInfo->ParentProcessId);
        rec->ImageNameLength = nameLen;
        rec->ImageNameOffset = sizeof(PwProcessCreate);
        if (nameLen != 0) {
            RtlCopyMemory(reinterpret_cast<PUCHAR>(rec) + rec->ImageNameOffset,
                          CreateInfo->ImageFileName->Buffer, nameLen);
        }
        EventLog::Push(item);
    }
    else if (g_Config.LogExits) {
        auto item = EventLog::Allocate(sizeof(PwProcessExit));
        if (item == nullptr) {
            return;
        }
        auto rec = reinterpret_cast<PwProcessExit*>(&item->Data);
        rec->Type      = PwEventType::ProcessExit;
        rec->ProcessId = HandleToULong(ProcessId);
        EventLog::Push(item);
    }
}

NTSTATUS CompleteIrp(PIRP Irp, NTSTATUS status = STATUS_SUCCESS, ULONG_PTR info = 0)
{
    Irp->IoStatus.Status      = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS OnCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    return CompleteIrp(Irp);
}

NTSTATUS OnRead(PDEVICE_OBJECT, PIRP Irp)
{
    auto stack = IoGetCurrentIrpStackLocation(Irp);
    const ULONG len = stack->Parameters.Read.Length;

    if (len == 0) {
        return CompleteIrp(Irp, STATUS_INVALID_BUFFER_SIZE);
    }

    auto buffer = static_cast<PUCHAR>(MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute));
    if (buffer == nullptr) {
        return CompleteIrp(Irp, STATUS_INSUFFICIENT_RESOURCES);
    }

    return CompleteIrp(Irp, STATUS_SUCCESS, EventLog::Drain(buffer, len));
}

void DriverUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING symLink = RTL_CONSTANT_STRING(PROCWATCH_SYMLINK_NAME);

    PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, TRUE);

    IoDeleteSymbolicLink(&symLink);
    IoDeleteDevice(DriverObject->DeviceObject);

    EventLog::Clear();
    LOG("unloaded");
}

} // namespace

extern "C"
NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    UNICODE_STRING devName = RTL_CONSTANT_STRING(PROCWATCH_DEVICE_NAME);
    UNICODE_STRING symLink = RTL_CONSTANT_STRING(PROCWATCH_SYMLINK_NAME);
    PDEVICE_OBJECT devObj  = nullptr;
    NTSTATUS       status;

    // hook up first: fail the load early if we are not signed correctly
    status = PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        LOG("PsSetCreateProcessNotifyRoutineEx failed 0x%08X", status);
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &devObj);
    if (!NT_SUCCESS(status)) {
        LOG("IoCreateDevice failed 0x%08X", status);
        PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, TRUE);
        return status;
    }
    devObj->Flags |= DO_DIRECT_IO;

    status = IoCreateSymbolicLink(&symLink, &devName);
    if (!NT_SUCCESS(status)) {
        LOG("IoCreateSymbolicLink failed 0x%08X", status);
        IoDeleteDevice(devObj);
        return status;
    }

    EventLog::Init(g_Config.MaxItems);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = OnCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]  = OnCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ]   = OnRead;
    DriverObject->DriverUnload                 = DriverUnload;

    LOG("loaded, max %lu items", g_Config.MaxItems);
    return STATUS_SUCCESS;
}
