//
// hidefs - hides a handful of files from everything but our own tooling
//
#include "HideList.h"
#include "Guard.h"

namespace {

PFLT_FILTER g_Filter = nullptr;

const UNICODE_STRING kTrustedImage = RTL_CONSTANT_STRING(L"\\hidectl.exe");

bool EndsWith(_In_ PCUNICODE_STRING Str, _In_ PCUNICODE_STRING Suffix)
{
    if (Str == nullptr || Str->Length < Suffix->Length) {
        return false;
    }
    UNICODE_STRING tail;
    tail.Buffer = Str->Buffer + (Str->Length - Suffix->Length) / sizeof(WCHAR);
    tail.Length = tail.MaximumLength = Suffix->Length;
    return RtlEqualUnicodeString(&tail, Suffix, TRUE) != FALSE;
}

// the first image mapped into a new process is its exe, so this tells us who runs hidectl
VOID OnImageLoad(_In_opt_ PUNICODE_STRING FullImageName, _In_ HANDLE ProcessId, _In_ PIMAGE_INFO ImageInfo)
{
    if (ImageInfo->SystemModeImage || ProcessId == nullptr) {
        return;
    }
    if (EndsWith(FullImageName, &kTrustedImage)) {
        HFLOG("trusting pid %p", ProcessId);
        HideList::TrustProcess(ProcessId);
    }
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
PreCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
          _Flt_CompletionContext_Outptr_ PVOID* CompletionContext)
{
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = nullptr;

    if (Data->RequestorMode == KernelMode || HideList::IsTrusted(PsGetCurrentProcessId())) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    PFLT_FILE_NAME_INFORMATION info = nullptr;
    NTSTATUS status = FltGetFileNameInformation(Data, FLT_FILE_NAME_OPENED | FLT_FILE_NAME_QUERY_DEFAULT, &info);
    if (!NT_SUCCESS(status)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    auto release = kx::MakeScopeExit([&] { FltReleaseFileNameInformation(info); });

    if (!NT_SUCCESS(FltParseFileNameInformation(info)) || info->FinalComponent.Length == 0) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (HideList::IsHidden(&info->FinalComponent)) {
        Data->IoStatus.Status = STATUS_OBJECT_NAME_NOT_FOUND;
        Data->IoStatus.Information = 0;
        return FLT_PREOP_COMPLETE;
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

NTSTATUS FLTAPI
InstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
              _In_ DEVICE_TYPE VolumeDeviceType, _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(VolumeFilesystemType);
    PAGED_CODE();

    return (VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM) ? STATUS_FLT_DO_NOT_ATTACH : STATUS_SUCCESS;
}

NTSTATUS FLTAPI
FilterUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    HFLOG("unloading");
    FltUnregisterFilter(g_Filter);
    g_Filter = nullptr;

    HideList::Destroy();
    return STATUS_SUCCESS;
}

const FLT_OPERATION_REGISTRATION kOps[] = {
    { IRP_MJ_CREATE, 0, PreCreate, nullptr },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION kRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    nullptr,
    kOps,
    FilterUnload,
    InstanceSetup,
    nullptr, nullptr, nullptr,
    nullptr, nullptr, nullptr
};

} // anonymous namespace

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C" NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = FltRegisterFilter(DriverObject, &kRegistration, &g_Filter);
    if (!NT_SUCCESS(status)) {
        HFLOG("FltRegisterFilter 0x%08X", status);
        return status;
    }

    status = FltStartFiltering(g_Filter);
    if (!NT_SUCCESS(status)) {
        HFLOG("FltStartFiltering 0x%08X", status);
        FltUnregisterFilter(g_Filter);
        return status;
    }

    status = HideList::Initialize();
    if (!NT_SUCCESS(status)) {
        HFLOG("HideList::Initialize 0x%08X", status);
        FltUnregisterFilter(g_Filter);
        return status;
    }

    status = PsSetLoadImageNotifyRoutine(OnImageLoad);
    if (!NT_SUCCESS(status)) {
        HFLOG("PsSetLoadImageNotifyRoutine 0x%08X", status);
        FltUnregisterFilter(g_Filter);
        HideList::Destroy();
        return status;
    }

    HFLOG("ready");
    return STATUS_SUCCESS;
}
