// OpenCounter.cpp

#include "OpenCounter.h"

PFLT_FILTER  OpenCounter::s_Filter = nullptr;
PFLT_PORT    OpenCounter::s_ServerPort = nullptr;
PFLT_PORT    OpenCounter::s_ClientPort = nullptr;
EX_PUSH_LOCK OpenCounter::s_Lock;
QueryReply   OpenCounter::s_Stats;

namespace {

// volume pointer for each slot in s_Stats.Volumes, guarded by s_Lock
PFLT_VOLUME g_VolumeOfSlot[kMaxVolumes];

const FLT_OPERATION_REGISTRATION g_Operations[] = {
    { IRP_MJ_CREATE, 0, OpenCounter::PreCreate, nullptr },
    { IRP_MJ_WRITE,  0, OpenCounter::PreWrite,  nullptr },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION g_Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    nullptr,
    g_Operations,
    OpenCounter::Unload,
    OpenCounter::InstanceSetup,
    nullptr, nullptr, nullptr,
    nullptr, nullptr, nullptr
};

} // namespace

// ---------------------------------------------------------------------------
// lifetime

NTSTATUS OpenCounter::Initialize(PDRIVER_OBJECT DriverObject)
{
    FltInitializePushLock(&s_Lock);
    RtlZeroMemory(&s_Stats, sizeof(s_Stats));

    auto status = FltRegisterFilter(DriverObject, &g_Registration, &s_Filter);
    if (!NT_SUCCESS(status)) {
        KdPrint(("OpenCounter: FltRegisterFilter 0x%08X\n", status));
        FltDeletePushLock(&s_Lock);
        return status;
    }

    status = OpenPort();
    if (NT_SUCCESS(status)) {
        status = FltStartFiltering(s_Filter);
        if (NT_SUCCESS(status)) {
            return STATUS_SUCCESS;
        }
        KdPrint(("OpenCounter: FltStartFiltering 0x%08X\n", status));
        ClosePort();
    }

    FltUnregisterFilter(s_Filter);
    s_Filter = nullptr;
    FltDeletePushLock(&s_Lock);
    return status;
}

NTSTATUS FLTAPI OpenCounter::Unload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);

    ClosePort();                    // must come before FltUnregisterFilter
    FltUnregisterFilter(s_Filter);
    s_Filter = nullptr;
    FltDeletePushLock(&s_Lock);
    return STATUS_SUCCESS;
}

NTSTATUS OpenCounter::OpenPort()
{
    PSECURITY_DESCRIPTOR sd = nullptr;
    auto status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    UNICODE_STRING name = RTL_CONSTANT_STRING(OPENCOUNTER_PORT);
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, nullptr, sd);

    status = FltCreateCommunicationPort(s_Filter, &s_ServerPort, &oa, nullptr,
                                        PortConnect, PortDisconnect, PortMessage, 1);
    FltFreeSecurityDescriptor(sd);
    return status;
}

void OpenCounter::ClosePort()
{
    if (s_ServerPort != nullptr) {
        FltCloseCommunicationPort(s_ServerPort);
        s_ServerPort = nullptr;
    }
}

// ---------------------------------------------------------------------------
// volumes and counting

NTSTATUS FLTAPI OpenCounter::InstanceSetup(PCFLT_RELATED_OBJECTS FltObjects,
                                           FLT_INSTANCE_SETUP_FLAGS Flags,
                                           DEVICE_TYPE VolumeDeviceType,
                                           FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(VolumeFilesystemType);

    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    auto status = STATUS_FLT_DO_NOT_ATTACH;
    FltAcquirePushLockExclusive(&s_Lock);
    if (s_Stats.Count < kMaxVolumes) {
        const auto slot = s_Stats.Count++;
        g_VolumeOfSlot[slot] = FltObjects->Volume;
        s_Stats.Volumes[slot].Id = static_cast<ULONG>(slot);
        status = STATUS_SUCCESS;
    }
    FltReleasePushLock(&s_Lock);
    return status;
}

VolumeStats* OpenCounter::StatsFor(PCFLT_RELATED_OBJECTS FltObjects)
{
    VolumeStats* found = nullptr;

    FltAcquirePushLockShared(&s_Lock);
    for (LONG i = 0; i < s_Stats.Count; i++) {
        if (g_VolumeOfSlot[i] == FltObjects->Volume) {
            found = &s_Stats.Volumes[i];
            break;
        }
    }
    FltReleasePushLock(&s_Lock);
    return found;   // slots are never reused, so the pointer stays valid
}

FLT_PREOP_CALLBACK_STATUS FLTAPI OpenCounter::PreCreate(PFLT_CALLBACK_DATA Data,
                                                        PCFLT_RELATED_OBJECTS FltObjects,
                                                        PVOID* CompletionContext)
{
    *CompletionContext = nullptr;
    if (FLT_IS_FASTIO_OPERATION(Data)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    if (auto stats = StatsFor(FltObjects)) {
        InterlockedIncrement(&stats->Opens);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI OpenCounter::PreWrite(PFLT_CALLBACK_DATA Data,
                                                       PCFLT_RELATED_OBJECTS FltObjects,
                                                       PVOID* CompletionContext)
{
    UNREFERENCED_PARAMETER(Data);
    *CompletionContext = nullptr;
    if (auto stats = StatsFor(FltObjects)) {
        InterlockedIncrement(&stats->Writes);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

// ---------------------------------------------------------------------------
// port

NTSTATUS FLTAPI OpenCounter::PortConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie,
                                         PVOID ConnectionContext, ULONG SizeOfContext,
                                         PVOID* ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    s_ClientPort = ClientPort;
    *ConnectionPortCookie = nullptr;
    return STATUS_SUCCESS;
}

VOID FLTAPI OpenCounter::PortDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(s_Filter, &s_ClientPort);
}

NTSTATUS FLTAPI OpenCounter::PortMessage(PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength,
                                         PVOID OutputBuffer, ULONG OutputBufferLength,
                                         PULONG ReturnOutputBufferLength)
{
    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(InputBuffer);
    UNREFERENCED_PARAMETER(InputBufferLength);

    *ReturnOutputBufferLength = 0;
    if (OutputBuffer == nullptr || OutputBufferLength < sizeof(QueryReply)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    auto snapshot = static_cast<QueryReply*>(ExAllocatePool2(POOL_FLAG_PAGED, sizeof(QueryReply), kPoolTag));
    if (snapshot == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    FltAcquirePushLockShared(&s_Lock);
    RtlCopyMemory(snapshot, &s_Stats, sizeof(QueryReply));
    FltReleasePushLock(&s_Lock);

    auto status = STATUS_SUCCESS;
    __try {
        RtlCopyMemory(OutputBuffer, snapshot, sizeof(QueryReply));
        *ReturnOutputBufferLength = sizeof(QueryReply);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    ExFreePoolWithTag(snapshot, kPoolTag);
    return status;
}
