//
// Context.cpp - vault state, stream handle contexts and the I/O callbacks
//
#include "Vault.h"

namespace vault {

ERESOURCE      State::s_lock;
UNICODE_STRING State::s_prefix;
HANDLE         State::s_agentPid = nullptr;
bool           State::s_ready    = false;

namespace {

class Locked {
public:
    Locked(PERESOURCE r, bool exclusive) : m_r(r) {
        KeEnterCriticalRegion();
        exclusive ? ExAcquireResourceExclusiveLite(m_r, TRUE) : ExAcquireResourceSharedLite(m_r, TRUE);
    }
    ~Locked() { ExReleaseResourceLite(m_r); KeLeaveCriticalRegion(); }
private:
    PERESOURCE m_r;
};

void FLTAPI HandleContextCleanup(_In_ PFLT_CONTEXT Context, _In_ FLT_CONTEXT_TYPE ContextType)
{
    UNREFERENCED_PARAMETER(ContextType);
    auto ctx = static_cast<HandleContext*>(Context);
    if (ctx->Name) {
        FltReleaseFileNameInformation(ctx->Name);
        ctx->Name = nullptr;
    }
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
PreCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
          _Flt_CompletionContext_Outptr_ PVOID* CompletionContext)
{
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = nullptr;

    if (Data->RequestorMode == KernelMode) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    PFLT_FILE_NAME_INFORMATION info = nullptr;
    if (!NT_SUCCESS(FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &info))) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    const bool inVault = State::IsInVault(&info->Name);
    FltReleaseFileNameInformation(info);

    if (!inVault) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    if (!State::IsAgent(PsGetCurrentProcessId())) {
        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        Data->IoStatus.Information = 0;
        return FLT_PREOP_COMPLETE;
    }
    // agent open inside the vault: track the handle in post-create
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI
PostCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
           _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) ||
        !NT_SUCCESS(Data->IoStatus.Status) || Data->IoStatus.Status == STATUS_REPARSE) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    HandleContext* ctx = nullptr;
    NTSTATUS status = FltAllocateContext(FltObjects->Filter, FLT_STREAMHANDLE_CONTEXT, sizeof(HandleContext),
                                         NonPagedPoolNx, reinterpret_cast<PFLT_CONTEXT*>(&ctx));
    if (!NT_SUCCESS(status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    RtlZeroMemory(ctx, sizeof(*ctx));
    ctx->Pid = PsGetCurrentProcessId();
    KeQuerySystemTime(&ctx->OpenTime);
    if (!NT_SUCCESS(FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &ctx->Name))) {
        ctx->Name = nullptr;
    }

    status = FltSetStreamHandleContext(FltObjects->Instance, FltObjects->FileObject,
                                       FLT_SET_CONTEXT_KEEP_IF_EXISTS, ctx, nullptr);
    FltReleaseContext(ctx);   // handle holds its own reference on success
    if (!NT_SUCCESS(status)) {
        VERR("FltSetStreamHandleContext 0x%08X", status);
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
PreCleanup(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
           _Flt_CompletionContext_Outptr_ PVOID* CompletionContext)
{
    UNREFERENCED_PARAMETER(Data);
    *CompletionContext = nullptr;

    HandleContext* ctx = nullptr;
    if (NT_SUCCESS(FltGetStreamHandleContext(FltObjects->Instance, FltObjects->FileObject,
                                             reinterpret_cast<PFLT_CONTEXT*>(&ctx)))) {
        if (ctx->Name) {
            VLOG("agent %p closed %wZ", ctx->Pid, &ctx->Name->Name);
        }
        FltReleaseContext(ctx);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

} // anonymous namespace

const FLT_CONTEXT_REGISTRATION ContextRegistration[] = {
    { FLT_STREAMHANDLE_CONTEXT, 0, HandleContextCleanup, sizeof(HandleContext), VAULT_SH_TAG },
    { FLT_CONTEXT_END }
};

const FLT_OPERATION_REGISTRATION OperationRegistration[] = {
    { IRP_MJ_CREATE,  0, PreCreate,  PostCreate },
    { IRP_MJ_CLEANUP, 0, PreCleanup, nullptr },
    { IRP_MJ_OPERATION_END }
};

NTSTATUS State::Init()
{
    RtlZeroMemory(&s_prefix, sizeof(s_prefix));
    s_agentPid = nullptr;
    NTSTATUS status = ExInitializeResourceLite(&s_lock);
    s_ready = NT_SUCCESS(status);
    return status;
}

void State::Destroy()
{
    if (!s_ready) {
        return;
    }
    if (s_prefix.Buffer) {
        ExFreePoolWithTag(s_prefix.Buffer, VAULT_TAG);
        RtlZeroMemory(&s_prefix, sizeof(s_prefix));
    }
    ExDeleteResourceLite(&s_lock);
    s_ready = false;
}

NTSTATUS State::SetPrefix(_In_reads_bytes_(Cb) PCWCH Prefix, _In_ ULONG Cb)
{
    if (Cb == 0 || Cb > VAULT_MAX_PREFIX_CB || (Cb % sizeof(WCHAR)) != 0) {
        return STATUS_INVALID_PARAMETER;
    }
    auto buf = static_cast<PWCH>(ExAllocatePool2(POOL_FLAG_PAGED, Cb, VAULT_TAG));
    if (!buf) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(buf, Prefix, Cb);

    PWCH old;
    {
        Locked lock(&s_lock, true);
        old = s_prefix.Buffer;
        s_prefix.Buffer = buf;
        s_prefix.Length = s_prefix.MaximumLength = static_cast<USHORT>(Cb);
    }
    if (old) {
        ExFreePoolWithTag(old, VAULT_TAG);
    }
    return STATUS_SUCCESS;
}

bool State::IsInVault(_In_ PCUNICODE_STRING Name)
{
    Locked lock(&s_lock, false);
    return s_prefix.Length != 0 && RtlPrefixUnicodeString(&s_prefix, Name, TRUE);
}

void State::SetAgent(_In_opt_ HANDLE Pid)
{
    Locked lock(&s_lock, true);
    s_agentPid = Pid;
}

bool State::IsAgent(_In_ HANDLE Pid)
{
    Locked lock(&s_lock, false);
    return s_agentPid != nullptr && s_agentPid == Pid;
}

} // namespace vault
