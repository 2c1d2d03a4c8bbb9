//
// fltaudit - reports successful opens on local disk volumes to a user-mode
// listener over a filter communication port.
//
#include "FltAudit.h"

using namespace fltaudit;

extern "C" DRIVER_INITIALIZE DriverEntry;

PFLT_FILTER Filter::s_handle = nullptr;

const FLT_OPERATION_REGISTRATION Filter::s_ops[] = {
    { IRP_MJ_CREATE, 0, nullptr, Filter::PostCreate },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION Filter::s_registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                          // Flags
    nullptr,                    // ContextRegistration
    Filter::s_ops,
    Filter::Unload,
    Filter::InstanceSetup,
    nullptr,                    // InstanceQueryTeardown
    nullptr,                    // InstanceTeardownStart
    nullptr,                    // InstanceTeardownComplete
    nullptr, nullptr, nullptr,  // name provider callbacks
    nullptr,                    // TransactionNotification
    nullptr,                    // NormalizeNameComponentEx
    nullptr                     // SectionNotification
};

NTSTATUS Filter::Register(PDRIVER_OBJECT driver)
{
    return FltRegisterFilter(driver, &s_registration, &s_handle);
}

NTSTATUS FLTAPI Filter::Unload(FLT_FILTER_UNLOAD_FLAGS flags)
{
    UNREFERENCED_PARAMETER(flags);
    PAGED_CODE();

    AUDIT_TRACE("unload\n");

    FltUnregisterFilter(s_handle);
    s_handle = nullptr;

    Port::Close();
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI Filter::InstanceSetup(PCFLT_RELATED_OBJECTS objects,
                                      FLT_INSTANCE_SETUP_FLAGS flags,
                                      DEVICE_TYPE volumeDeviceType,
                                      FLT_FILESYSTEM_TYPE fsType)
{
    UNREFERENCED_PARAMETER(objects);
    UNREFERENCED_PARAMETER(flags);

    if (volumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    switch (fsType) {
    case FLT_FSTYPE_NTFS:
    case FLT_FSTYPE_REFS:
    case FLT_FSTYPE_FAT:
        return STATUS_SUCCESS;
    default:
        return STATUS_FLT_DO_NOT_ATTACH;
    }
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI Filter::PostCreate(PFLT_CALLBACK_DATA data,
                                                     PCFLT_RELATED_OBJECTS objects,
                                                     PVOID context,
                                                     FLT_POST_OPERATION_FLAGS flags)
{
    UNREFERENCED_PARAMETER(objects);
    UNREFERENCED_PARAMETER(context);

    if ((flags & FLTFL_POST_OPERATION_DRAINING) || !Port::Connected()) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    if (!NT_SUCCESS(data->IoStatus.Status) || data->IoStatus.Status == STATUS_REPARSE) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    PFLT_FILE_NAME_INFORMATION info = nullptr;
    NTSTATUS status = FltGetFileNameInformation(
        data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &info);
    if (!NT_SUCCESS(status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    auto rec = static_cast<AuditRecord*>(
        ExAllocatePool2(POOL_FLAG_PAGED, sizeof(AuditRecord), AUDIT_TAG));
    if (rec != nullptr) {
        USHORT len = info->Name.Length;
        if (len > sizeof(rec->Name)) {
            len = sizeof(rec->Name);
        }
        rec->ProcessId = FltGetRequestorProcessId(data);
        rec->Disposition = static_cast<ULONG>(data->IoStatus.Information);
        rec->NameLength = len;
        RtlCopyMemory(rec->Name, info->Name.Buffer, len);

        Port::Send(*rec);
        ExFreePoolWithTag(rec, AUDIT_TAG);
    }

    FltReleaseFileNameInformation(info);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    AUDIT_TRACE("DriverEntry\n");

    RETURN_IF_FAILED(Filter::Register(DriverObject));

    auto undo = [](NTSTATUS why) -> NTSTATUS {
        Port::Close();
        FltUnregisterFilter(Filter::Handle());
        return why;
    };

    NTSTATUS status = Port::Create(Filter::Handle());
    if (!NT_SUCCESS(status)) {
        return undo(status);
    }

    status = FltStartFiltering(Filter::Handle());
    if (!NT_SUCCESS(status)) {
        return undo(status);
    }

    AUDIT_TRACE("filtering started\n");
    return STATUS_SUCCESS;
}
