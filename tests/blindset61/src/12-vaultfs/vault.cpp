//
// vault.cpp - DriverEntry / unload for vaultfs
//
#include "Vault.h"

namespace {

PFLT_FILTER g_Filter = nullptr;

NTSTATUS FLTAPI VaultUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    vault::Port::Close();           // 1. no new connections; must precede FltUnregisterFilter
    FltUnregisterFilter(g_Filter);  // 2. drains callbacks, tears down instances and contexts
    g_Filter = nullptr;
    vault::State::Destroy();        // 3. nothing can reach the state any more
    VLOG("unloaded");
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI VaultInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                                   _In_ DEVICE_TYPE VolumeDeviceType, _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM ||
        (VolumeFilesystemType != FLT_FSTYPE_NTFS && VolumeFilesystemType != FLT_FSTYPE_REFS)) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return STATUS_SUCCESS;
}

const FLT_REGISTRATION g_Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    vault::ContextRegistration,
    vault::OperationRegistration,
    VaultUnload,
    VaultInstanceSetup,
    nullptr, nullptr, nullptr,
    nullptr, nullptr, nullptr
};

// undoes whatever DriverEntry managed to set up unless Commit() is reached
class InitRollback {
public:
    ~InitRollback()
    {
        if (m_committed) {
            return;
        }
        if (m_port)   { vault::Port::Close(); }
        if (m_filter) { FltUnregisterFilter(g_Filter); g_Filter = nullptr; }
        if (m_state)  { vault::State::Destroy(); }
    }
    void Commit() { m_committed = true; }

    bool m_state = false;
    bool m_filter = false;
    bool m_port = false;
private:
    bool m_committed = false;
};

} // anonymous namespace

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C" NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    InitRollback rollback;

    NTSTATUS status = vault::State::Init();
    if (!NT_SUCCESS(status)) {
        VERR("State::Init 0x%08X", status);
        return status;
    }
    rollback.m_state = true;

    status = FltRegisterFilter(DriverObject, &g_Registration, &g_Filter);
    if (!NT_SUCCESS(status)) {
        VERR("FltRegisterFilter 0x%08X", status);
        return status;
    }
    rollback.m_filter = true;

    status = vault::Port::Open(g_Filter);
    if (!NT_SUCCESS(status)) {
        VERR("Port::Open 0x%08X", status);
        return status;
    }
    rollback.m_port = true;

    status = FltStartFiltering(g_Filter);
    if (!NT_SUCCESS(status)) {
        VERR("FltStartFiltering 0x%08X", status);
        return status;
    }

    rollback.Commit();
    VLOG("vault armed");
    return STATUS_SUCCESS;
}
