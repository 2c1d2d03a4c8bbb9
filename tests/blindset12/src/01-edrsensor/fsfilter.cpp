#include "sensor.h"

namespace edr {

static FLT_PREOP_CALLBACK_STATUS FLTAPI
PreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS Objects, PVOID* Completion)
{
    UNREFERENCED_PARAMETER(Objects);
    *Completion = nullptr;

    if (Data->RequestorMode == KernelMode) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    InterlockedIncrement(&Sensors::Stats.FileCreates);

    PFLT_FILE_NAME_INFORMATION info = nullptr;
    auto status = FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &info);
    if (NT_SUCCESS(status)) {
        EDR_LOG("open %wZ by %p", &info->Name, PsGetCurrentProcessId());
        FltReleaseFileNameInformation(info);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

static NTSTATUS FLTAPI
InstanceSetup(PCFLT_RELATED_OBJECTS Objects, FLT_INSTANCE_SETUP_FLAGS Flags,
              DEVICE_TYPE DeviceType, FLT_FILESYSTEM_TYPE FsType)
{
    UNREFERENCED_PARAMETER(Objects);
    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(FsType);
    // only local disks, skip network redirectors
    return DeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM ? STATUS_FLT_DO_NOT_ATTACH : STATUS_SUCCESS;
}

static const FLT_OPERATION_REGISTRATION Callbacks[] = {
    { IRP_MJ_CREATE, 0, PreCreate, nullptr },
    { IRP_MJ_OPERATION_END }
};

NTSTATUS FilterUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    EDR_LOG("unloading, %ld process events seen", Sensors::Stats.ProcessEvents);
    g_Hub.Shutdown();
    return STATUS_SUCCESS;
}

const FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    nullptr,
    Callbacks,
    FilterUnload,
    InstanceSetup,
    nullptr, nullptr, nullptr, nullptr, nullptr, nullptr
};

} // namespace edr
