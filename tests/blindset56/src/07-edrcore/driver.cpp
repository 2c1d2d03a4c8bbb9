//
// edrcore.sys - minifilter + process notify, reports to the user mode agent
// through \EdrCorePort.
//
#include "edr.h"

using namespace edr;

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace {

PFLT_FILTER g_Filter = nullptr;
bool        g_ProcessNotify = false;

class FileNameInfo {
public:
    explicit FileNameInfo(PFLT_CALLBACK_DATA Data) {
        m_Status = FltGetFileNameInformation(Data,
                        FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &m_Info);
        if (!NT_SUCCESS(m_Status)) {
            m_Info = nullptr;
        }
    }
    ~FileNameInfo() {
        if (m_Info) {
            FltReleaseFileNameInformation(m_Info);
        }
    }
    bool ok() const { return m_Info != nullptr; }
    PFLT_FILE_NAME_INFORMATION operator->() const { return m_Info; }

private:
    PFLT_FILE_NAME_INFORMATION m_Info = nullptr;
    NTSTATUS                   m_Status;
};

void CopyPath(Message* msg, PCUNICODE_STRING src)
{
    if (!src || !src->Buffer) {
        return;
    }
    const USHORT max = (EDR_PATH_CHARS - 1) * sizeof(WCHAR);
    const USHORT len = src->Length > max ? max : src->Length;
    RtlCopyMemory(msg->Path, src->Buffer, len);
    msg->Path[len / sizeof(WCHAR)] = L'\0';
}

void OnProcessNotify(PEPROCESS, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    if (!cfg::Get().ReportProcesses) {
        return;
    }

    PoolPtr<Message, EDR_TAG_EVENT> msg;
    if (!msg) {
        return;
    }
    RtlZeroMemory(msg.get(), sizeof(Message));
    KeQuerySystemTime(&msg->Time);
    msg->ProcessId = HandleToULong(ProcessId);

    if (CreateInfo) {
        msg->Type     = MsgType::ProcessCreate;
        msg->ParentId = HandleToULong(CreateInfo->ParentProcessId);
        CopyPath(msg.get(), CreateInfo->ImageFileName);
    } else {
        msg->Type = MsgType::ProcessExit;
    }

    port::Send(msg.get());
}

FLT_PREOP_CALLBACK_STATUS FLTAPI PreSetInformation(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS, PVOID* Completion)
{
    *Completion = nullptr;

    if (Data->RequestorMode == KernelMode || !cfg::Get().ReportDeletes) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    const auto cls = Data->Iopb->Parameters.SetFileInformation.FileInformationClass;
    bool isDelete = false;

    if (cls == FileDispositionInformation) {
        isDelete = static_cast<PFILE_DISPOSITION_INFORMATION>(
                       Data->Iopb->Parameters.SetFileInformation.InfoBuffer)->DeleteFile != FALSE;
    } else if (cls == FileDispositionInformationEx) {
        isDelete = FlagOn(static_cast<PFILE_DISPOSITION_INFORMATION_EX>(
                       Data->Iopb->Parameters.SetFileInformation.InfoBuffer)->Flags, FILE_DISPOSITION_DELETE);
    }
    if (!isDelete) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    FileNameInfo name(Data);
    if (!name.ok()) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    PoolPtr<Message, EDR_TAG_EVENT> msg;
    if (msg) {
        RtlZeroMemory(msg.get(), sizeof(Message));
        msg->Type      = MsgType::FileDelete;
        msg->ProcessId = HandleToULong(PsGetCurrentProcessId());
        KeQuerySystemTime(&msg->Time);
        CopyPath(msg.get(), &name->Name);
        port::Send(msg.get());
    }

    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

NTSTATUS FLTAPI FilterUnload(FLT_FILTER_UNLOAD_FLAGS)
{
    EDR_INFO("unloading");

    if (g_ProcessNotify) {
        PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, TRUE);
        g_ProcessNotify = false;
    }

    port::Close();
    FltUnregisterFilter(g_Filter);
    g_Filter = nullptr;

    cfg::Free();
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI InstanceSetup(PCFLT_RELATED_OBJECTS, FLT_INSTANCE_SETUP_FLAGS, DEVICE_TYPE type, FLT_FILESYSTEM_TYPE)
{
    return type == FILE_DEVICE_DISK_FILE_SYSTEM ? STATUS_SUCCESS : STATUS_FLT_DO_NOT_ATTACH;
}

const FLT_OPERATION_REGISTRATION g_Operations[] = {
    { IRP_MJ_SET_INFORMATION, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, PreSetInformation, nullptr },
    { IRP_MJ_OPERATION_END }
};

FLT_REGISTRATION g_Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    nullptr,
    g_Operations,
    FilterUnload,
    InstanceSetup,
};

} // namespace

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    enum Stage { None, ConfigLoaded, FilterRegistered, PortCreated, NotifySet };
    Stage stage = None;

    // undo everything up to and including 'stage', newest first
    auto rollback = [&](Stage s) {
        switch (s) {
        case NotifySet:
            PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, TRUE);
            g_ProcessNotify = false;
            // fallthrough
        case PortCreated:
            port::Close();
            // fallthrough
        case FilterRegistered:
            FltUnregisterFilter(g_Filter);
            g_Filter = nullptr;
            // fallthrough
        case ConfigLoaded:
            cfg::Free();
            // fallthrough
        default:
            break;
        }
    };

    NTSTATUS status = cfg::Load(RegistryPath);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    stage = ConfigLoaded;

    status = FltRegisterFilter(DriverObject, &g_Registration, &g_Filter);
    if (!NT_SUCCESS(status)) {
        EDR_ERROR("FltRegisterFilter 0x%08X", status);
        rollback(stage);
        return status;
    }
    stage = FilterRegistered;

    status = port::Create(g_Filter);
    if (!NT_SUCCESS(status)) {
        rollback(stage);
        return status;
    }
    stage = PortCreated;

    status = PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        EDR_ERROR("PsSetCreateProcessNotifyRoutineEx 0x%08X", status);
        rollback(stage);
        return status;
    }
    g_ProcessNotify = true;
    stage = NotifySet;

    status = FltStartFiltering(g_Filter);
    if (!NT_SUCCESS(status)) {
        EDR_ERROR("FltStartFiltering 0x%08X", status);
        rollback(stage);
        return status;
    }

    EDR_INFO("started");
    return STATUS_SUCCESS;
}
