// ops.cpp - create marks *.log handles; write pends them for the journal.
#include "shq.h"

namespace shq {
namespace {

const UNICODE_STRING kLogExtension = RTL_CONSTANT_STRING(L"log");

class NameInfo {
public:
    NameInfo() : m_Info(nullptr) {}
    ~NameInfo() { if (m_Info != nullptr) FltReleaseFileNameInformation(m_Info); }
    NameInfo(const NameInfo&) = delete;
    NameInfo& operator=(const NameInfo&) = delete;
    PFLT_FILE_NAME_INFORMATION* Receive() { return &m_Info; }
    PFLT_FILE_NAME_INFORMATION Get() const { return m_Info; }
    PFLT_FILE_NAME_INFORMATION operator->() const { return m_Info; }
private:
    PFLT_FILE_NAME_INFORMATION m_Info;
};

} // anonymous namespace

FLT_POSTOP_CALLBACK_STATUS FLTAPI
PostCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID, FLT_POST_OPERATION_FLAGS Flags)
{
    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) ||
        !NT_SUCCESS(Data->IoStatus.Status) || Data->IoStatus.Status == STATUS_REPARSE) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    NameInfo name;
    if (!NT_SUCCESS(FltGetFileNameInformation(Data, FLT_FILE_NAME_OPENED | FLT_FILE_NAME_QUERY_DEFAULT,
                                              name.Receive())) ||
        !NT_SUCCESS(FltParseFileNameInformation(name.Get()))) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    if (!RtlEqualUnicodeString(&name->Extension, &kLogExtension, TRUE)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    ContextRef<HandleContext> ctx;
    if (!NT_SUCCESS(FltAllocateContext(FltObjects->Filter, FLT_STREAMHANDLE_CONTEXT,
                                       sizeof(HandleContext), NonPagedPoolNx, ctx.Receive()))) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    RtlZeroMemory(ctx.Get(), sizeof(HandleContext));
    ctx->ProcessId = reinterpret_cast<HANDLE>(static_cast<ULONG_PTR>(FltGetRequestorProcessId(Data)));

    ctx->Name.Buffer = static_cast<PWCH>(
        ExAllocatePool2(POOL_FLAG_NON_PAGED, name->Name.Length, SHQ_TAG_NAME));
    if (ctx->Name.Buffer != nullptr) {
        RtlCopyMemory(ctx->Name.Buffer, name->Name.Buffer, name->Name.Length);
        ctx->Name.Length = ctx->Name.MaximumLength = name->Name.Length;
    }

    SQLOG("tracking %wZ (fo=%p)", &name->Name, FltObjects->FileObject);

    NTSTATUS status = FltSetStreamHandleContext(FltObjects->Instance, FltObjects->FileObject,
                                                FLT_SET_CONTEXT_KEEP_IF_EXISTS, ctx.Get(), nullptr);
    if (!NT_SUCCESS(status) && status != STATUS_FLT_CONTEXT_ALREADY_DEFINED) {
        SQERR("FltSetStreamHandleContext 0x%08x", status);
    }
    // ContextRef drops our reference; a failed set frees the context (and name) right here
    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
PreWrite(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID* CompletionContext)
{
    *CompletionContext = nullptr;

    // paging writes are never held back: the memory manager may be waiting on them
    if (FlagOn(Data->Iopb->IrpFlags, IRP_PAGING_IO)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    ContextRef<HandleContext> hctx;
    if (!NT_SUCCESS(FltGetStreamHandleContext(FltObjects->Instance, FltObjects->FileObject,
                                              hctx.Receive()))) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (!FLT_IS_IRP_OPERATION(Data)) {
        return FLT_PREOP_DISALLOW_FASTIO;       // retry as an IRP so it can be pended
    }

    ContextRef<InstanceContext> ictx;
    if (!NT_SUCCESS(FltGetInstanceContext(FltObjects->Instance, ictx.Receive()))) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    // fails once the queue is disabled in InstanceTeardownStart
    if (!NT_SUCCESS(FltCbdqInsertIo(&ictx->Cbdq, Data, nullptr, nullptr))) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    Journal::Kick();
    return FLT_PREOP_PENDING;
}

} // namespace shq
