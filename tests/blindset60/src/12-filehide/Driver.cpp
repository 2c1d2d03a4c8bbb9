//
// Driver.cpp - FileHide registration, DriverEntry, unload
//
#include "FileHide.h"

using namespace fh;

PFLT_FILTER fh::g_Filter = nullptr;

namespace {

NTSTATUS FLTAPI FilterUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    FH_LOG("unloading");

    // documented order: server port, then unregister, then our own state
    Port::Close();
    FltUnregisterFilter(g_Filter);
    g_Filter = nullptr;

    HideList::Destroy();
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI InstanceSetup(PCFLT_RELATED_OBJECTS FltObjects,
                              FLT_INSTANCE_SETUP_FLAGS Flags,
                              DEVICE_TYPE VolumeDeviceType,
                              FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(VolumeFilesystemType);
    PAGED_CODE();

    return VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM ? STATUS_FLT_DO_NOT_ATTACH
                                                               : STATUS_SUCCESS;
}

const FLT_OPERATION_REGISTRATION g_Callbacks[] = {
    { IRP_MJ_DIRECTORY_CONTROL, 0, PreDirectoryControl, PostDirectoryControl },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION g_Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    nullptr,                 // contexts
    g_Callbacks,
    FilterUnload,
    InstanceSetup,
    nullptr, nullptr, nullptr,
    nullptr, nullptr, nullptr
};

} // namespace

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    FH_LOG("DriverEntry");
    NTSTATUS status = HideList::Init();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FltRegisterFilter(DriverObject, &g_Registration, &g_Filter);
    if (!NT_SUCCESS(status)) {
        FH_LOG("FltRegisterFilter 0x%08X", status);
        HideList::Destroy();
        return status;
    }

    status = Port::Create(g_Filter);
    if (!NT_SUCCESS(status)) {
        FH_LOG("Port::Create 0x%08X", status);
        FltUnregisterFilter(g_Filter);
        g_Filter = nullptr;
        HideList::Destroy();
        return status;
    }

    status = FltStartFiltering(g_Filter);
    if (!NT_SUCCESS(status)) {
        FH_LOG("FltStartFiltering 0x%08X", status);
        Port::Close();
        FltUnregisterFilter(g_Filter);
        g_Filter = nullptr;
        HideList::Destroy();
        return status;
    }

    FH_LOG("filtering");
    return STATUS_SUCCESS;
}
