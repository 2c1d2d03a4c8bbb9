//
// callbacks.cpp - instance setup and the IRP_MJ_CREATE pair.
//
#include "audit.h"

namespace audit {

namespace {

constexpr ACCESS_MASK WriteLikeAccess =
    FILE_WRITE_DATA | FILE_APPEND_DATA | FILE_WRITE_ATTRIBUTES | FILE_WRITE_EA | DELETE | WRITE_DAC | WRITE_OWNER;

const UNICODE_STRING s_WatchedFolders[] = {
    RTL_CONSTANT_STRING(L"\\Users\\"),
    RTL_CONSTANT_STRING(L"\\ProgramData\\"),
    RTL_CONSTANT_STRING(L"\\Windows\\System32\\drivers\\etc\\"),
};

bool IsWatched(PCUNICODE_STRING parentDir)
{
    for (const auto& folder : s_WatchedFolders) {
        if (RtlPrefixUnicodeString(&folder, parentDir, TRUE)) {
            return true;
        }
    }
    return false;
}

class NameInfo {
public:
    NameInfo() : m_info(nullptr) {}
    ~NameInfo()
    {
        if (m_info != nullptr) {
            FltReleaseFileNameInformation(m_info);
        }
    }
    NameInfo(const NameInfo&) = delete;
    NameInfo& operator=(const NameInfo&) = delete;

    NTSTATUS Query(PFLT_CALLBACK_DATA data)
    {
        NTSTATUS status = FltGetFileNameInformation(data,
                                                    FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                                    &m_info);
        if (NT_SUCCESS(status)) {
            status = FltParseFileNameInformation(m_info);
        }
        return status;
    }

    PFLT_FILE_NAME_INFORMATION operator->() const { return m_info; }

private:
    PFLT_FILE_NAME_INFORMATION m_info;
};

} // namespace

NTSTATUS FLTAPI InstanceSetup(PCFLT_RELATED_OBJECTS objects, FLT_INSTANCE_SETUP_FLAGS flags,
                              DEVICE_TYPE deviceType, FLT_FILESYSTEM_TYPE fsType)
{
    UNREFERENCED_PARAMETER(objects);
    UNREFERENCED_PARAMETER(flags);
    PAGED_CODE();

    if (deviceType != FILE_DEVICE_DISK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return (fsType == FLT_FSTYPE_NTFS || fsType == FLT_FSTYPE_REFS) ? STATUS_SUCCESS
                                                                   : STATUS_FLT_DO_NOT_ATTACH;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI PreCreate(PFLT_CALLBACK_DATA data, PCFLT_RELATED_OBJECTS objects, PVOID* context)
{
    UNREFERENCED_PARAMETER(objects);
    *context = nullptr;

    if (data->RequestorMode == KernelMode ||
        FlagOn(data->Iopb->OperationFlags, SL_OPEN_PAGING_FILE) ||
        FlagOn(data->Iopb->TargetFileObject->Flags, FO_VOLUME_OPEN)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    const ACCESS_MASK desired = data->Iopb->Parameters.Create.SecurityContext->DesiredAccess;
    const ULONG disposition = (data->Iopb->Parameters.Create.Options >> 24) & 0xFF;

    if ((desired & WriteLikeAccess) == 0 && disposition == FILE_OPEN) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI PostCreate(PFLT_CALLBACK_DATA data, PCFLT_RELATED_OBJECTS objects,
                                             PVOID context, FLT_POST_OPERATION_FLAGS flags)
{
    UNREFERENCED_PARAMETER(objects);
    UNREFERENCED_PARAMETER(context);

    if (FlagOn(flags, FLTFL_POST_OPERATION_DRAINING) || !NT_SUCCESS(data->IoStatus.Status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    const HANDLE pid = PsGetCurrentProcessId();
    if (!g_State.ShouldReport(pid)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    NameInfo name;
    if (!NT_SUCCESS(name.Query(data)) || !IsWatched(&name->ParentDir)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    Message msg = {};
    msg.ProcessId = HandleToULong(pid);
    msg.DesiredAccess = data->Iopb->Parameters.Create.SecurityContext->DesiredAccess;
    msg.Disposition = static_cast<ULONG>(data->IoStatus.Information);

    const USHORT bytes = min(name->Name.Length, static_cast<USHORT>((MaxPathChars - 1) * sizeof(WCHAR)));
    RtlCopyMemory(msg.Path, name->Name.Buffer, bytes);
    msg.Path[bytes / sizeof(WCHAR)] = L'\0';

    g_Port.Send(msg);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

} // namespace audit
