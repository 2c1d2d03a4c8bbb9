#include "FltCache.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

ULONG                 FilterDriver::s_State;
PFLT_FILTER           FilterDriver::s_Filter;
PFLT_PORT             FilterDriver::s_ServerPort;
PFLT_PORT             FilterDriver::s_ClientPort;
NPAGED_LOOKASIDE_LIST FilterDriver::s_ReplyLookaside;
ERESOURCE             FilterDriver::s_ConfigLock;
CACHE_CONFIG          FilterDriver::s_Config;
CACHE_STATS           FilterDriver::s_Stats;

const FLT_OPERATION_REGISTRATION FilterDriver::s_Operations[] = {
    { IRP_MJ_CREATE, 0, FilterDriver::PreCreate, FilterDriver::PostCreate },
    { IRP_MJ_READ,   0, FilterDriver::PreRead, nullptr },
    { IRP_MJ_OPERATION_END }
};

const FLT_CONTEXT_REGISTRATION FilterDriver::s_Contexts[] = {
    { FLT_STREAM_CONTEXT, 0, FilterDriver::StreamContextCleanup, sizeof(STREAM_CONTEXT), FLTCACHE_CTX_TAG },
    { FLT_CONTEXT_END }
};

const FLT_REGISTRATION FilterDriver::s_Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                                  // Flags
    FilterDriver::s_Contexts,
    FilterDriver::s_Operations,
    FilterDriver::Unload,
    FilterDriver::InstanceSetup,
    nullptr, nullptr, nullptr,          // InstanceQueryTeardown, TeardownStart, TeardownComplete
    nullptr, nullptr, nullptr           // name provider callbacks
};

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    ExInitializeDriverRuntime(DrvRtPoolNxOptIn);
    return FilterDriver::Initialize(DriverObject);
}

// Every acquired resource sets a bit in s_State; Teardown() releases exactly
// what is set, in reverse order (failure path and unload callback).
NTSTATUS
FilterDriver::Initialize(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    NTSTATUS status;

    s_State = 0;
    s_Config.Enabled = TRUE;
    s_Config.MinFileSize = 0;
    RtlZeroMemory(&s_Stats, sizeof(s_Stats));

    ExInitializeNPagedLookasideList(&s_ReplyLookaside, nullptr, nullptr,
                                    POOL_NX_ALLOCATION, sizeof(CACHE_STATS),
                                    FLTCACHE_TAG, 0);
    s_State |= StateLookaside;

    status = ExInitializeResourceLite(&s_ConfigLock);
    if (!NT_SUCCESS(status)) {
        Teardown();
        return status;
    }
    s_State |= StateConfigLock;

    status = FltRegisterFilter(DriverObject, &s_Registration, &s_Filter);
    if (!NT_SUCCESS(status)) {
        Teardown();
        return status;
    }
    s_State |= StateRegistered;

    status = CreatePort();
    if (!NT_SUCCESS(status)) {
        Teardown();
        return status;
    }
    s_State |= StatePortOpen;

    status = FltStartFiltering(s_Filter);
    if (!NT_SUCCESS(status)) {
        Teardown();
        return status;
    }

    return STATUS_SUCCESS;
}

void
FilterDriver::Teardown()
{
    // 1. no new connections; must precede FltUnregisterFilter
    if (s_State & StatePortOpen) {
        FltCloseCommunicationPort(s_ServerPort);
        s_ServerPort = nullptr;
        s_State &= ~StatePortOpen;
    }

    // 2. waits for outstanding callbacks and frees all contexts
    if (s_State & StateRegistered) {
        FltUnregisterFilter(s_Filter);
        s_Filter = nullptr;
        s_State &= ~StateRegistered;
    }

    // 3. nothing can touch the config lock or the lookaside any more
    if (s_State & StateConfigLock) {
        ExDeleteResourceLite(&s_ConfigLock);
        s_State &= ~StateConfigLock;
    }

    if (s_State & StateLookaside) {
        ExDeleteNPagedLookasideList(&s_ReplyLookaside);
        s_State &= ~StateLookaside;
    }
}

NTSTATUS FLTAPI
FilterDriver::Unload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();
    Teardown();
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI
FilterDriver::InstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    )
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

void
FilterDriver::ReadConfig(
    _Out_ CACHE_CONFIG* Config
    )
{
    FltAcquireResourceShared(&s_ConfigLock);
    *Config = s_Config;
    FltReleaseResource(&s_ConfigLock);
}
