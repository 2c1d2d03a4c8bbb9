//
// RansomFilter.cpp - registration, port, instance contexts and I/O callbacks
//
#include "RansomFilter.h"

namespace rw {

PFLT_FILTER Filter::s_filter     = nullptr;
PFLT_PORT   Filter::s_serverPort = nullptr;
PFLT_PORT   Filter::s_clientPort = nullptr;
LONG        Filter::s_threshold  = 200;     // writes+renames before we shout

static const FLT_OPERATION_REGISTRATION g_ops[] = {
    { IRP_MJ_WRITE,           FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, Filter::PreWrite,   nullptr },
    { IRP_MJ_SET_INFORMATION, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, Filter::PreSetInfo, nullptr },
    { IRP_MJ_OPERATION_END }
};

static const FLT_CONTEXT_REGISTRATION g_contexts[] = {
    { FLT_INSTANCE_CONTEXT, 0, Filter::ContextCleanup, sizeof(InstanceContext), RW_CTX_TAG },
    { FLT_CONTEXT_END }
};

static const FLT_REGISTRATION g_registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    g_contexts,
    g_ops,
    Filter::Unload,
    Filter::InstanceSetup,
    Filter::QueryTeardown,
    nullptr, nullptr,
    nullptr, nullptr, nullptr,
    nullptr, nullptr, nullptr
};

NTSTATUS Filter::Init(_In_ PDRIVER_OBJECT DriverObject)
{
    NTSTATUS status = FltRegisterFilter(DriverObject, &g_registration, &s_filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    PSECURITY_DESCRIPTOR sd = nullptr;
    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(s_filter);
        s_filter = nullptr;
        return status;
    }

    UNICODE_STRING name = RTL_CONSTANT_STRING(RW_PORT_NAME);
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, sd);

    status = FltCreateCommunicationPort(s_filter, &s_serverPort, &oa, nullptr,
                                        OnConnect, OnDisconnect, nullptr, 1);
    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        RwLog("FltCreateCommunicationPort 0x%08X", status);
        FltUnregisterFilter(s_filter);
        s_filter = nullptr;
        s_serverPort = nullptr;
    }
    return status;
}

NTSTATUS Filter::Start()
{
    return FltStartFiltering(s_filter);
}

// used when DriverEntry bails out after Init succeeded
void Filter::Shutdown()
{
    if (s_serverPort) {
        FltCloseCommunicationPort(s_serverPort);
        s_serverPort = nullptr;
    }
    if (s_filter) {
        FltUnregisterFilter(s_filter);
        s_filter = nullptr;
    }
}

NTSTATUS FLTAPI Filter::Unload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    PAGED_CODE();

    // refuse a polite "fltmc unload" while the agent is still attached
    if (!FlagOn(Flags, FLTFL_FILTER_UNLOAD_MANDATORY) && s_clientPort != nullptr) {
        RwLog("agent connected, refusing unload");
        return STATUS_FLT_DO_NOT_DETACH;
    }

    FltUnregisterFilter(s_filter);
    s_filter = nullptr;

    if (s_serverPort) {
        FltCloseCommunicationPort(s_serverPort);
        s_serverPort = nullptr;
    }

    RwLog("unloaded");
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI Filter::InstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                                      _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                                      _In_ DEVICE_TYPE VolumeDeviceType,
                                      _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    if (VolumeFilesystemType != FLT_FSTYPE_NTFS &&
        VolumeFilesystemType != FLT_FSTYPE_REFS &&
        VolumeFilesystemType != FLT_FSTYPE_EXFAT) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    InstanceContext* ctx = nullptr;
    NTSTATUS status = FltAllocateContext(FltObjects->Filter, FLT_INSTANCE_CONTEXT,
                                         sizeof(InstanceContext), NonPagedPoolNx,
                                         reinterpret_cast<PFLT_CONTEXT*>(&ctx));
    if (!NT_SUCCESS(status)) {
        RwLog("FltAllocateContext 0x%08X", status);
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    RtlZeroMemory(ctx, sizeof(*ctx));
    ctx->Signature  = RW_CTX_SIG;
    ctx->FsType     = VolumeFilesystemType;
    ctx->DeviceType = VolumeDeviceType;
    KeQuerySystemTimePrecise(&ctx->AttachTime);

    status = FltSetInstanceContext(FltObjects->Instance, FLT_SET_CONTEXT_KEEP_IF_EXISTS, ctx, nullptr);
    if (!NT_SUCCESS(status)) {
        RwLog("FltSetInstanceContext 0x%08X", status);
        FltReleaseContext(ctx);
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    RwLog("attached to instance %p (fs %d)", FltObjects->Instance, VolumeFilesystemType);
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI Filter::QueryTeardown(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                                      _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();
    return STATUS_SUCCESS;
}

void FLTAPI Filter::ContextCleanup(_In_ PFLT_CONTEXT Context, _In_ FLT_CONTEXT_TYPE ContextType)
{
    if (ContextType == FLT_INSTANCE_CONTEXT) {
        auto ctx = static_cast<InstanceContext*>(Context);
        NT_ASSERT(ctx->Signature == RW_CTX_SIG);
        RwLog("instance context gone: %ld writes, %ld renames", ctx->Writes, ctx->Renames);
    }
}

void Filter::MaybeAlert(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ InstanceContext* Ctx)
{
    LONG total = Ctx->Writes + Ctx->Renames;
    if (total < s_threshold || (total % s_threshold) != 0 || s_clientPort == nullptr) {
        return;
    }
    if (KeGetCurrentIrql() > APC_LEVEL) {
        return;
    }

    AlertMessage msg = {};
    msg.ProcessId = HandleToULong(PsGetCurrentProcessId());
    msg.Writes    = Ctx->Writes;
    msg.Renames   = Ctx->Renames;

    UNICODE_STRING vol = { 0, sizeof(msg.Volume) - sizeof(WCHAR), msg.Volume };
    ULONG needed = 0;
    (void)FltGetVolumeName(FltObjects->Volume, &vol, &needed);

    LARGE_INTEGER timeout;
    timeout.QuadPart = -10LL * 1000 * 100;  // 100ms
    NTSTATUS status = FltSendMessage(s_filter, &s_clientPort, &msg, sizeof(msg),
                                     nullptr, nullptr, &timeout);
    RwLog("alert pid %lu -> 0x%08X", msg.ProcessId, status);
}

FLT_PREOP_CALLBACK_STATUS FLTAPI Filter::PreWrite(_Inout_ PFLT_CALLBACK_DATA Data,
                                                  _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                                  _Flt_CompletionContext_Outptr_ PVOID* CompletionContext)
{
    UNREFERENCED_PARAMETER(Data);
    *CompletionContext = nullptr;

    InstanceContext* ctx = nullptr;
    if (NT_SUCCESS(FltGetInstanceContext(FltObjects->Instance, reinterpret_cast<PFLT_CONTEXT*>(&ctx)))) {
        InterlockedIncrement(&ctx->Writes);
        MaybeAlert(FltObjects, ctx);
        FltReleaseContext(ctx);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI Filter::PreSetInfo(_Inout_ PFLT_CALLBACK_DATA Data,
                                                    _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                                    _Flt_CompletionContext_Outptr_ PVOID* CompletionContext)
{
    *CompletionContext = nullptr;

    auto cls = Data->Iopb->Parameters.SetFileInformation.FileInformationClass;
    if (cls != FileRenameInformation && cls != FileRenameInformationEx) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    InstanceContext* ctx = nullptr;
    if (NT_SUCCESS(FltGetInstanceContext(FltObjects->Instance, reinterpret_cast<PFLT_CONTEXT*>(&ctx)))) {
        InterlockedIncrement(&ctx->Renames);
        MaybeAlert(FltObjects, ctx);
        FltReleaseContext(ctx);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

NTSTATUS FLTAPI Filter::OnConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
                                  _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
                                  _In_ ULONG SizeOfContext,
                                  _Outptr_result_maybenull_ PVOID* ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    s_clientPort = ClientPort;
    *ConnectionPortCookie = nullptr;
    RwLog("agent connected");
    return STATUS_SUCCESS;
}

void FLTAPI Filter::OnDisconnect(_In_opt_ PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(s_filter, &s_clientPort);
    RwLog("agent disconnected");
}

} // namespace rw
