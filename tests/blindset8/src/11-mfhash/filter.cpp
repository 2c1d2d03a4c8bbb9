// filter.cpp - mfhash callbacks.

#include "mfhash.h"

static const FLT_OPERATION_REGISTRATION g_Callbacks[] = {
    { IRP_MJ_ACQUIRE_FOR_SECTION_SYNCHRONIZATION, 0, MfhPreAcquireSection, nullptr },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION g_MfhRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                      // Flags
    nullptr,                // Context
    g_Callbacks,
    MfhUnload,
    MfhInstanceSetup,
    nullptr,                // InstanceQueryTeardown
    nullptr,                // InstanceTeardownStart
    nullptr,                // InstanceTeardownComplete
    nullptr, nullptr, nullptr, nullptr, nullptr, nullptr
};

NTSTATUS FLTAPI
MfhInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS    FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE              VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE      VolumeFilesystemType
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(VolumeFilesystemType);

    if (VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM && !g_Mfh.Config.AuditNetwork) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    if (VolumeDeviceType == FILE_DEVICE_CD_ROM_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return STATUS_SUCCESS;
}

static void
MfhNotify(_In_ PFLT_CALLBACK_DATA Data)
{
    if (InterlockedIncrement(&g_Mfh.Pending) > static_cast<LONG>(g_Mfh.Config.MaxPendingMessages)) {
        InterlockedDecrement(&g_Mfh.Pending);
        return;
    }

    PFLT_FILE_NAME_INFORMATION nameInfo = nullptr;
    NTSTATUS status = FltGetFileNameInformation(Data,
                                                FLT_FILE_NAME_OPENED | FLT_FILE_NAME_QUERY_DEFAULT,
                                                &nameInfo);
    if (NT_SUCCESS(status)) {
        auto msg = static_cast<MfhMessage*>(ExAllocatePool2(POOL_FLAG_PAGED, sizeof(MfhMessage), MFH_TAG));
        if (msg != nullptr) {
            msg->ProcessId  = FltGetRequestorProcessId(Data);
            ULONG cap = sizeof(msg->Name) - sizeof(WCHAR);
            msg->NameLength = (nameInfo->Name.Length < cap) ? nameInfo->Name.Length : cap;
            RtlCopyMemory(msg->Name, nameInfo->Name.Buffer, msg->NameLength);
            msg->Name[msg->NameLength / sizeof(WCHAR)] = L'\0';

            LARGE_INTEGER timeout;
            timeout.QuadPart = -10000LL * g_Mfh.Config.ReplyTimeoutMs;

            FltAcquirePushLockShared(&g_Mfh.ClientLock);
            if (g_Mfh.ClientPort != nullptr) {
                (void)FltSendMessage(g_Mfh.Filter, &g_Mfh.ClientPort, msg, sizeof(*msg),
                                     nullptr, nullptr, &timeout);
            }
            FltReleasePushLock(&g_Mfh.ClientLock);

            ExFreePoolWithTag(msg, MFH_TAG);
        }
        FltReleaseFileNameInformation(nameInfo);
    }

    InterlockedDecrement(&g_Mfh.Pending);
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
MfhPreAcquireSection(
    _Inout_ PFLT_CALLBACK_DATA    Data,
    _In_    PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID* CompletionContext
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = nullptr;

    auto& params = Data->Iopb->Parameters.AcquireForSectionSynchronization;
    if (params.SyncType == SyncTypeCreateSection &&
        (params.PageProtection == PAGE_EXECUTE || params.PageProtection == PAGE_EXECUTE_READ ||
         params.PageProtection == PAGE_EXECUTE_READWRITE || params.PageProtection == PAGE_EXECUTE_WRITECOPY)) {
        MfhNotify(Data);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

NTSTATUS FLTAPI
MfhConnect(
    _In_ PFLT_PORT ClientPort,
    _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
    _In_ ULONG SizeOfContext,
    _Outptr_result_maybenull_ PVOID* ConnectionCookie
    )
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    FltAcquirePushLockExclusive(&g_Mfh.ClientLock);
    g_Mfh.ClientPort = ClientPort;
    FltReleasePushLock(&g_Mfh.ClientLock);

    *ConnectionCookie = nullptr;
    return STATUS_SUCCESS;
}

VOID FLTAPI
MfhDisconnect(
    _In_opt_ PVOID ConnectionCookie
    )
{
    UNREFERENCED_PARAMETER(ConnectionCookie);

    FltAcquirePushLockExclusive(&g_Mfh.ClientLock);
    PFLT_PORT port = g_Mfh.ClientPort;
    g_Mfh.ClientPort = nullptr;
    FltReleasePushLock(&g_Mfh.ClientLock);

    if (port != nullptr) {
        FltCloseClientPort(g_Mfh.Filter, &port);
    }
}
