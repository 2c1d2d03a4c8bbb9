// main.cpp - registration, DriverEntry, unload, instance setup
#include "guardfs.h"

PFLT_FILTER           Globals::Filter = nullptr;
NPAGED_LOOKASIDE_LIST Globals::NotifyLookaside;
ERESOURCE             Globals::PrefixLock;
LIST_ENTRY            Globals::Prefixes;
volatile LONG         Globals::Blocked = 0;
bool                  Globals::s_LookasideReady = false;
bool                  Globals::s_LockReady = false;

NTSTATUS Globals::Init()
{
    InitializeListHead(&Prefixes);

    NTSTATUS status = ExInitializeResourceLite(&PrefixLock);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    s_LockReady = true;

    ExInitializeNPagedLookasideList(&NotifyLookaside, nullptr, nullptr, POOL_NX_ALLOCATION,
                                    sizeof(GFS_BLOCK_NOTIFICATION), GFS_TAG, 0);
    s_LookasideReady = true;
    return STATUS_SUCCESS;
}

// Runs only after FltUnregisterFilter (or before FltRegisterFilter succeeded),
// so no callback can touch this state any more.
void Globals::Cleanup()
{
    if (s_LockReady) {
        Policy::ClearPrefixes();
        ExDeleteResourceLite(&PrefixLock);
        s_LockReady = false;
    }
    if (s_LookasideReady) {
        ExDeleteNPagedLookasideList(&NotifyLookaside);
        s_LookasideReady = false;
    }
}

static const FLT_OPERATION_REGISTRATION g_Operations[] = {
    { IRP_MJ_SET_INFORMATION, 0, Policy::PreSetInformation, nullptr },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION Filter::Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    nullptr,                    // no contexts
    g_Operations,
    Filter::Unload,
    Filter::InstanceSetup,
    nullptr,                    // InstanceQueryTeardown
    nullptr,                    // InstanceTeardownStart
    nullptr,                    // InstanceTeardownComplete
    nullptr, nullptr, nullptr   // name provider callbacks
};

NTSTATUS FLTAPI Filter::InstanceSetup(PCFLT_RELATED_OBJECTS FltObjects,
                                      FLT_INSTANCE_SETUP_FLAGS Flags,
                                      DEVICE_TYPE VolumeDeviceType,
                                      FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(VolumeFilesystemType);
    PAGED_CODE();

    // local volumes only; network redirectors are out of scope
    return (VolumeDeviceType == FILE_DEVICE_DISK_FILE_SYSTEM) ? STATUS_SUCCESS
                                                              : STATUS_FLT_DO_NOT_ATTACH;
}

NTSTATUS FLTAPI Filter::Unload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    GFS_LOG("unloading, %ld operation(s) blocked", Globals::Blocked);

    CommPort::Close();

    FltUnregisterFilter(Globals::Filter);
    Globals::Filter = nullptr;

    Globals::Cleanup();
    return STATUS_SUCCESS;
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = Globals::Init();
    if (!NT_SUCCESS(status)) {
        goto FreeGlobals;
    }

    status = FltRegisterFilter(DriverObject, &Filter::Registration, &Globals::Filter);
    if (!NT_SUCCESS(status)) {
        GFS_LOG("FltRegisterFilter: 0x%08X", status);
        goto FreeGlobals;
    }

    status = CommPort::Open(Globals::Filter);
    if (!NT_SUCCESS(status)) {
        GFS_LOG("CommPort::Open: 0x%08X", status);
        goto Unregister;
    }

    status = FltStartFiltering(Globals::Filter);
    if (!NT_SUCCESS(status)) {
        GFS_LOG("FltStartFiltering: 0x%08X", status);
        goto ClosePort;
    }

    return STATUS_SUCCESS;

ClosePort:
    CommPort::Close();
Unregister:
    FltUnregisterFilter(Globals::Filter);
    Globals::Filter = nullptr;
FreeGlobals:
    Globals::Cleanup();
    return status;
}
