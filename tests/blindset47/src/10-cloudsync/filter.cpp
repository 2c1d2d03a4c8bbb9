// filter.cpp - cloudsync change tracker.
//
// A stream gets a context with Dirty=1 on the first write; on the last
// cleanup of a dirty stream we tell the agent the path so it can upload.
#include "sync.hpp"

using namespace cs;

PFLT_FILTER           Globals::Filter = nullptr;
NPAGED_LOOKASIDE_LIST Globals::MsgPool;

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace {

FLT_PREOP_CALLBACK_STATUS FLTAPI PreWrite(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS Objs, PVOID* Ctx)
{
    UNREFERENCED_PARAMETER(Ctx);

    if (FlagOn(Data->Iopb->IrpFlags, IRP_PAGING_IO) || Objs->FileObject == nullptr)
        return FLT_PREOP_SUCCESS_NO_CALLBACK;

    StreamCtx* sc = nullptr;
    NTSTATUS status = FltGetStreamContext(Objs->Instance, Objs->FileObject, reinterpret_cast<PFLT_CONTEXT*>(&sc));
    if (status == STATUS_NOT_FOUND) {
        status = FltAllocateContext(Globals::Filter, FLT_STREAM_CONTEXT, sizeof(StreamCtx), NonPagedPoolNx,
                                    reinterpret_cast<PFLT_CONTEXT*>(&sc));
        if (!NT_SUCCESS(status))
            return FLT_PREOP_SUCCESS_NO_CALLBACK;
        sc->Dirty = 0;

        StreamCtx* existing = nullptr;
        status = FltSetStreamContext(Objs->Instance, Objs->FileObject, FLT_SET_CONTEXT_KEEP_IF_EXISTS,
                                     sc, reinterpret_cast<PFLT_CONTEXT*>(&existing));
        if (!NT_SUCCESS(status)) {
            FltReleaseContext(sc);
            if (status != STATUS_FLT_CONTEXT_ALREADY_DEFINED)
                return FLT_PREOP_SUCCESS_NO_CALLBACK;
            sc = existing;      // lost the race, use the winner
        }
    } else if (!NT_SUCCESS(status)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    InterlockedExchange(&sc->Dirty, 1);
    FltReleaseContext(sc);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI PreCleanup(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS Objs, PVOID* Ctx)
{
    UNREFERENCED_PARAMETER(Ctx);

    StreamCtx* sc = nullptr;
    if (!NT_SUCCESS(FltGetStreamContext(Objs->Instance, Objs->FileObject, reinterpret_cast<PFLT_CONTEXT*>(&sc))))
        return FLT_PREOP_SUCCESS_NO_CALLBACK;

    LONG wasDirty = InterlockedExchange(&sc->Dirty, 0);
    FltReleaseContext(sc);
    if (!wasDirty)
        return FLT_PREOP_SUCCESS_NO_CALLBACK;

    PFLT_FILE_NAME_INFORMATION ni = nullptr;
    if (!NT_SUCCESS(FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &ni)))
        return FLT_PREOP_SUCCESS_NO_CALLBACK;

    auto* msg = static_cast<ChangeMsg*>(ExAllocateFromNPagedLookasideList(&Globals::MsgPool));
    if (msg != nullptr) {
        msg->ProcessId = FltGetRequestorProcessId(Data);
        msg->PathBytes = static_cast<USHORT>(min(ni->Name.Length, (kMaxPathChars - 1) * sizeof(WCHAR)));
        RtlCopyMemory(msg->Path, ni->Name.Buffer, msg->PathBytes);
        msg->Path[msg->PathBytes / sizeof(WCHAR)] = L'\0';
        Port::Notify(msg);
        ExFreeToNPagedLookasideList(&Globals::MsgPool, msg);
    }
    FltReleaseFileNameInformation(ni);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

NTSTATUS FLTAPI Unload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);

    CS_LOG("unload");

    // port first (FltMgr wants it closed before unregistering), then the
    // filter, and only then the pool the callbacks allocate from
    Port::Close();
    FltUnregisterFilter(Globals::Filter);
    Globals::Filter = nullptr;
    ExDeleteNPagedLookasideList(&Globals::MsgPool);
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI InstanceSetup(PCFLT_RELATED_OBJECTS Objs, FLT_INSTANCE_SETUP_FLAGS Flags,
                              DEVICE_TYPE DevType, FLT_FILESYSTEM_TYPE FsType)
{
    UNREFERENCED_PARAMETER(Objs);
    UNREFERENCED_PARAMETER(Flags);

    if (DevType != FILE_DEVICE_DISK_FILE_SYSTEM || FsType != FLT_FSTYPE_NTFS)
        return STATUS_FLT_DO_NOT_ATTACH;
    return STATUS_SUCCESS;
}

const FLT_CONTEXT_REGISTRATION kContexts[] = {
    { FLT_STREAM_CONTEXT, 0, nullptr, sizeof(StreamCtx), os::kTag },
    { FLT_CONTEXT_END }
};

const FLT_OPERATION_REGISTRATION kOps[] = {
    { IRP_MJ_WRITE,   0, PreWrite,   nullptr },
    { IRP_MJ_CLEANUP, 0, PreCleanup, nullptr },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION kRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    kContexts,
    kOps,
    Unload,
    InstanceSetup,
    nullptr, nullptr, nullptr,
    nullptr, nullptr, nullptr
};

} // namespace

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    ExInitializeNPagedLookasideList(&Globals::MsgPool, nullptr, nullptr, POOL_NX_ALLOCATION,
                                    sizeof(ChangeMsg), os::kTag, 0);
    auto undoPool = os::OnExit([] { ExDeleteNPagedLookasideList(&Globals::MsgPool); });

    NTSTATUS status = FltRegisterFilter(DriverObject, &kRegistration, &Globals::Filter);
    if (!NT_SUCCESS(status)) {
        CS_ERR("FltRegisterFilter 0x%08X", status);
        return status;
    }
    auto undoFilter = os::OnExit([] { FltUnregisterFilter(Globals::Filter); Globals::Filter = nullptr; });

    status = Port::Create(Globals::Filter);
    if (!NT_SUCCESS(status))
        return status;
    auto undoPort = os::OnExit([] { Port::Close(); });

    status = FltStartFiltering(Globals::Filter);
    if (!NT_SUCCESS(status)) {
        CS_ERR("FltStartFiltering 0x%08X", status);
        return status;
    }

    undoPort.Dismiss();
    undoFilter.Dismiss();
    undoPool.Dismiss();
    CS_LOG("filtering");
    return STATUS_SUCCESS;
}
