//
// driver.cpp - SnapKeeper registration and I/O callbacks
//
#include "snapkeeper.h"
#include "guards.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

namespace sk {

PFLT_FILTER g_Filter = nullptr;

namespace {

#pragma code_seg(push, "PAGE")
NTSTATUS FLTAPI Unload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    SK_DBG("unload, %lu changed files pending", Tracker::Count());

    // no callback can run once this returns, so the tracker can go
    FltUnregisterFilter(g_Filter);
    g_Filter = nullptr;

    Tracker::Shutdown();
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI InstanceSetup(PCFLT_RELATED_OBJECTS, FLT_INSTANCE_SETUP_FLAGS,
                              DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE FsType)
{
    PAGED_CODE();
    return (VolumeDeviceType == FILE_DEVICE_DISK_FILE_SYSTEM && FsType != FLT_FSTYPE_RAW)
               ? STATUS_SUCCESS : STATUS_FLT_DO_NOT_ATTACH;
}
#pragma code_seg(pop)

FLT_POSTOP_CALLBACK_STATUS FLTAPI
PostCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID, FLT_POST_OPERATION_FLAGS Flags)
{
    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) || !NT_SUCCESS(Data->IoStatus.Status) ||
        Data->IoStatus.Status == STATUS_REPARSE || !FltObjects->FileObject->WriteAccess) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    FltRef<HandleCtx> ctx;
    if (NT_SUCCESS(FltAllocateContext(FltObjects->Filter, FLT_STREAMHANDLE_CONTEXT,
                                      sizeof(HandleCtx), PagedPool, ctx.put()))) {
        ctx->Dirty = FALSE;
        (void)FltSetStreamHandleContext(FltObjects->Instance, FltObjects->FileObject,
                                        FLT_SET_CONTEXT_KEEP_IF_EXISTS, ctx.get(), nullptr);
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
PreWrite(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS FltObjects, PVOID* CompletionContext)
{
    *CompletionContext = nullptr;

    FltRef<HandleCtx> ctx;
    if (NT_SUCCESS(FltGetStreamHandleContext(FltObjects->Instance, FltObjects->FileObject, ctx.put()))) {
        ctx->Dirty = TRUE;
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
PreCleanup(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID* CompletionContext)
{
    *CompletionContext = nullptr;

    FltRef<HandleCtx> ctx;
    if (!NT_SUCCESS(FltGetStreamHandleContext(FltObjects->Instance, FltObjects->FileObject, ctx.put())) ||
        !ctx->Dirty) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    FileName fn;
    if (NT_SUCCESS(fn.query(Data))) {
        Tracker::Add(fn.name());
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

const FLT_CONTEXT_REGISTRATION s_Contexts[] = {
    { FLT_STREAMHANDLE_CONTEXT, 0, nullptr, sizeof(HandleCtx), SK_TAG },
    { FLT_CONTEXT_END }
};

const FLT_OPERATION_REGISTRATION s_Ops[] = {
    { IRP_MJ_CREATE,  0, nullptr, PostCreate },
    { IRP_MJ_WRITE,   FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, PreWrite, nullptr },
    { IRP_MJ_CLEANUP, 0, PreCleanup, nullptr },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION s_Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    s_Contexts,
    s_Ops,
    Unload,
    InstanceSetup,
    nullptr, nullptr, nullptr,
    nullptr, nullptr, nullptr
};

} // anonymous namespace
} // namespace sk

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    // tracker first: the callbacks use it as soon as filtering starts
    NTSTATUS status = sk::Tracker::Initialize();
    if (!NT_SUCCESS(status)) {
        SK_ERR("tracker init failed 0x%08X", status);
        return status;
    }

    status = FltRegisterFilter(DriverObject, &sk::s_Registration, &sk::g_Filter);
    if (!NT_SUCCESS(status)) {
        SK_ERR("FltRegisterFilter failed 0x%08X", status);
        sk::Tracker::Shutdown();
        return status;
    }

    status = FltStartFiltering(sk::g_Filter);
    if (!NT_SUCCESS(status)) {
        SK_ERR("FltStartFiltering failed 0x%08X", status);
        FltUnregisterFilter(sk::g_Filter);
        sk::g_Filter = nullptr;
        sk::Tracker::Shutdown();
        return status;
    }

    SK_DBG("tracking changes");
    return STATUS_SUCCESS;
}
