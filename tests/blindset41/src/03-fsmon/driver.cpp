//
// fsmon - create / delete / rename monitor minifilter
//
#include "fsmon.h"
#include "Holders.h"

PFLT_FILTER g_Filter = nullptr;

namespace {

volatile LONG g_Sent = 0;

FLT_POSTOP_CALLBACK_STATUS FLTAPI PostCreate(PFLT_CALLBACK_DATA Data,
                                             PCFLT_RELATED_OBJECTS FltObjects,
                                             PVOID CompletionContext,
                                             FLT_POST_OPERATION_FLAGS Flags);

FLT_PREOP_CALLBACK_STATUS FLTAPI PreSetInformation(PFLT_CALLBACK_DATA Data,
                                                   PCFLT_RELATED_OBJECTS FltObjects,
                                                   PVOID* CompletionContext);

NTSTATUS FLTAPI FilterUnload(FLT_FILTER_UNLOAD_FLAGS Flags);

NTSTATUS FLTAPI InstanceSetup(PCFLT_RELATED_OBJECTS FltObjects,
                              FLT_INSTANCE_SETUP_FLAGS Flags,
                              DEVICE_TYPE VolumeDeviceType,
                              FLT_FILESYSTEM_TYPE VolumeFilesystemType);

constexpr FLT_OPERATION_REGISTRATION g_Operations[] = {
    { IRP_MJ_CREATE,          0,                                           nullptr,           PostCreate },
    { IRP_MJ_SET_INFORMATION, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, PreSetInformation, nullptr    },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION g_Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                      // Flags
    nullptr,                // Contexts
    g_Operations,
    FilterUnload,
    InstanceSetup,
    nullptr,                // InstanceQueryTeardown
    nullptr,
    nullptr,
    nullptr, nullptr, nullptr
};

void Report(PFLT_CALLBACK_DATA Data, FsmOp Op)
{
    if (!Comm::IsConnected()) {
        return;
    }

    PFLT_FILE_NAME_INFORMATION raw = nullptr;
    if (!NT_SUCCESS(FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &raw))) {
        return;
    }
    fsm::UniqueNameInfo name(raw);

    FSMON_EVENT ev = {};
    ev.ProcessId = FltGetRequestorProcessId(Data);
    ev.Operation = Op;

    USHORT chars = name.get()->Name.Length / sizeof(WCHAR);
    if (chars > FSMON_MAX_PATH - 1) {
        chars = FSMON_MAX_PATH - 1;
    }
    RtlCopyMemory(ev.Path, name.get()->Name.Buffer, chars * sizeof(WCHAR));
    ev.PathChars = chars;

    if (NT_SUCCESS(Comm::Send(ev))) {
        InterlockedIncrement(&g_Sent);
    }
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI PostCreate(PFLT_CALLBACK_DATA Data,
                                             PCFLT_RELATED_OBJECTS FltObjects,
                                             PVOID CompletionContext,
                                             FLT_POST_OPERATION_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) || !NT_SUCCESS(Data->IoStatus.Status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    if (Data->IoStatus.Information == FILE_CREATED) {
        Report(Data, FsmOp::Create);
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI PreSetInformation(PFLT_CALLBACK_DATA Data,
                                                   PCFLT_RELATED_OBJECTS FltObjects,
                                                   PVOID* CompletionContext)
{
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = nullptr;

    switch (Data->Iopb->Parameters.SetFileInformation.FileInformationClass) {
    case FileDispositionInformation:
    case FileDispositionInformationEx:
        Report(Data, FsmOp::Delete);
        break;
    case FileRenameInformation:
    case FileRenameInformationEx:
        Report(Data, FsmOp::Rename);
        break;
    default:
        break;
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

NTSTATUS FLTAPI InstanceSetup(PCFLT_RELATED_OBJECTS FltObjects,
                              FLT_INSTANCE_SETUP_FLAGS Flags,
                              DEVICE_TYPE VolumeDeviceType,
                              FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);

    if (VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM || VolumeFilesystemType == FLT_FSTYPE_RAW) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI FilterUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);

    FsmInfo("unloading, %ld events delivered", g_Sent);

    FltUnregisterFilter(g_Filter);
    Comm::Close();
    g_Filter = nullptr;

    return STATUS_SUCCESS;
}

} // namespace

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    FsmInfo("DriverEntry");

    RETURN_IF_NT_FAILED(FltRegisterFilter(DriverObject, &g_Registration, &g_Filter));

    if (auto status = Comm::Open(g_Filter); !NT_SUCCESS(status)) {
        FltUnregisterFilter(g_Filter);
        g_Filter = nullptr;
        return status;
    }

    if (auto status = FltStartFiltering(g_Filter); !NT_SUCCESS(status)) {
        FsmError("FltStartFiltering 0x%08X", status);
        Comm::Close();
        FltUnregisterFilter(g_Filter);
        g_Filter = nullptr;
        return status;
    }

    return STATUS_SUCCESS;
}
