//
// honeyfile - denies and reports any access to decoy files.
//
#include "Rules.h"

static PFLT_FILTER g_Filter      = nullptr;
static bool        g_ProcNotify  = false;

static FLT_PREOP_CALLBACK_STATUS FLTAPI
HoneyPreCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
               _Flt_CompletionContext_Outptr_ PVOID* CompletionContext)
{
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = nullptr;

    if (Data->RequestorMode == KernelMode) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    PFLT_FILE_NAME_INFORMATION info = nullptr;
    if (!NT_SUCCESS(FltGetFileNameInformation(Data, FLT_FILE_NAME_OPENED | FLT_FILE_NAME_QUERY_DEFAULT, &info))) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    FLT_PREOP_CALLBACK_STATUS ret = FLT_PREOP_SUCCESS_NO_CALLBACK;
    if (NT_SUCCESS(FltParseFileNameInformation(info)) && honey::Rules::IsHoneyName(&info->FinalComponent)) {
        WCHAR image[HONEY_IMG_CCH];
        HANDLE pid = PsGetCurrentProcessId();
        if (!honey::Rules::LookupImage(pid, image, RTL_NUMBER_OF(image))) {
            RtlStringCchCopyW(image, RTL_NUMBER_OF(image), L"<unknown>");
        }
        HLOG("BAIT TOUCHED: %wZ by pid %p (%ws)", &info->Name, pid, image);

        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        Data->IoStatus.Information = 0;
        ret = FLT_PREOP_COMPLETE;
    }

    FltReleaseFileNameInformation(info);
    return ret;
}

static NTSTATUS FLTAPI
HoneyUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    if (g_ProcNotify) {
        PsSetCreateProcessNotifyRoutineEx(honey::OnProcessNotify, TRUE);
        g_ProcNotify = false;
    }

    honey::Rules::Destroy();

    FltUnregisterFilter(g_Filter);
    g_Filter = nullptr;

    HLOG("bye");
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
HoneyInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                   _In_ DEVICE_TYPE VolumeDeviceType, _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    // decoys only live on local NTFS
    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM || VolumeFilesystemType != FLT_FSTYPE_NTFS) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return STATUS_SUCCESS;
}

static const FLT_OPERATION_REGISTRATION kOps[] = {
    { IRP_MJ_CREATE, 0, HoneyPreCreate, nullptr },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION kRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    nullptr,
    kOps,
    HoneyUnload,
    HoneyInstanceSetup,
    nullptr,
    nullptr,
    nullptr,
    nullptr, nullptr, nullptr
};

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C" NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = honey::Rules::Initialize();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FltRegisterFilter(DriverObject, &kRegistration, &g_Filter);
    if (!NT_SUCCESS(status)) {
        HLOG("FltRegisterFilter 0x%08X", status);
        honey::Rules::Destroy();
        return status;
    }

    // one place to undo everything registered so far
    auto rollback = [&](NTSTATUS why) -> NTSTATUS {
        HLOG("init failed 0x%08X, rolling back", why);
        FltUnregisterFilter(g_Filter);
        g_Filter = nullptr;
        honey::Rules::Destroy();
        return why;
    };

    status = PsSetCreateProcessNotifyRoutineEx(honey::OnProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        return rollback(status);
    }
    g_ProcNotify = true;

    status = FltStartFiltering(g_Filter);
    if (!NT_SUCCESS(status)) {
        return rollback(status);
    }

    HLOG("armed");
    return STATUS_SUCCESS;
}
