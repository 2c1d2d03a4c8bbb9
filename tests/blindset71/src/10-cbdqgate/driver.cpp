#include "gate.h"

namespace gate {

PFLT_FILTER           Driver::Filter = nullptr;
NPAGED_LOOKASIDE_LIST Driver::IoContexts;

namespace {

FLT_PREOP_CALLBACK_STATUS FLTAPI PreWrite(PFLT_CALLBACK_DATA data, PCFLT_RELATED_OBJECTS objs, PVOID* cc)
{
    *cc = nullptr;

    if (!FLT_IS_IRP_OPERATION(data) ||
        FlagOn(data->Iopb->IrpFlags, IRP_PAGING_IO | IRP_SYNCHRONOUS_PAGING_IO)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    InstanceContext* ctx = nullptr;
    if (!NT_SUCCESS(FltGetInstanceContext(objs->Instance, reinterpret_cast<PFLT_CONTEXT*>(&ctx)))) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    auto ret = FLT_PREOP_SUCCESS_NO_CALLBACK;
    if (ctx->Closed && Park(ctx, data)) {
        ret = FLT_PREOP_PENDING;
    }
    FltReleaseContext(ctx);
    return ret;
}

// FSCTL from the snapshot agent toggles the gate on that volume.
constexpr ULONG kGateClose = CTL_CODE(FILE_DEVICE_FILE_SYSTEM, 0xA10, METHOD_NEITHER, FILE_ANY_ACCESS);
constexpr ULONG kGateOpen  = CTL_CODE(FILE_DEVICE_FILE_SYSTEM, 0xA11, METHOD_NEITHER, FILE_ANY_ACCESS);

FLT_PREOP_CALLBACK_STATUS FLTAPI PreFsctl(PFLT_CALLBACK_DATA data, PCFLT_RELATED_OBJECTS objs, PVOID* cc)
{
    *cc = nullptr;
    ULONG code = data->Iopb->Parameters.FileSystemControl.Common.FsControlCode;
    if (code != kGateClose && code != kGateOpen) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    if (data->RequestorMode != KernelMode && !SeSinglePrivilegeCheck(
            RtlConvertLongToLuid(SE_BACKUP_PRIVILEGE), data->RequestorMode)) {
        data->IoStatus.Status = STATUS_PRIVILEGE_NOT_HELD;
        return FLT_PREOP_COMPLETE;
    }

    InstanceContext* ctx = nullptr;
    if (NT_SUCCESS(FltGetInstanceContext(objs->Instance, reinterpret_cast<PFLT_CONTEXT*>(&ctx)))) {
        if (code == kGateClose) {
            InterlockedExchange(&ctx->Closed, 1);
        } else {
            InterlockedExchange(&ctx->Closed, 0);
            ScheduleRelease(ctx);
        }
        FltReleaseContext(ctx);
    }
    data->IoStatus.Status = STATUS_SUCCESS;
    data->IoStatus.Information = 0;
    return FLT_PREOP_COMPLETE;
}

const FLT_OPERATION_REGISTRATION Ops[] = {
    { IRP_MJ_WRITE, 0, PreWrite, nullptr },
    { IRP_MJ_FILE_SYSTEM_CONTROL, 0, PreFsctl, nullptr },
    { IRP_MJ_OPERATION_END }
};

NTSTATUS FLTAPI Unload(FLT_FILTER_UNLOAD_FLAGS)
{
    PAGED_CODE();
    Driver::Shutdown();
    return STATUS_SUCCESS;
}

const FLT_REGISTRATION Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    Contexts,
    Ops,
    Unload,
    InstanceSetup,
    nullptr,
    InstanceTeardownStart,
    nullptr,
    nullptr, nullptr, nullptr
};

} // namespace

NTSTATUS Driver::Init(PDRIVER_OBJECT DriverObject)
{
    ExInitializeNPagedLookasideList(&IoContexts, nullptr, nullptr, POOL_NX_ALLOCATION,
                                    sizeof(IoQueueContext), GATE_TAG_IOCTX, 0);

    NTSTATUS status = FltRegisterFilter(DriverObject, &Registration, &Filter);
    if (!NT_SUCCESS(status)) {
        GLOG(DPFLTR_ERROR_LEVEL, "FltRegisterFilter 0x%08X", status);
        ExDeleteNPagedLookasideList(&IoContexts);
        return status;
    }

    status = FltStartFiltering(Filter);
    if (!NT_SUCCESS(status)) {
        GLOG(DPFLTR_ERROR_LEVEL, "FltStartFiltering 0x%08X", status);
        FltUnregisterFilter(Filter);
        Filter = nullptr;
        ExDeleteNPagedLookasideList(&IoContexts);
        return status;
    }
    return STATUS_SUCCESS;
}

void Driver::Shutdown()
{
    // Unregistering tears down every instance (which drains the queues)
    // and waits for outstanding work items before it returns.
    FltUnregisterFilter(Filter);
    Filter = nullptr;
    ExDeleteNPagedLookasideList(&IoContexts);
}

} // namespace gate

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    return gate::Driver::Init(DriverObject);
}
