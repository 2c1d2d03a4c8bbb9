//
// writewatch - per-process write accounting minifilter (C++17, WDK 10).
//
#include <fltKernel.h>
#include "context.h"
#include "guards.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace {

NTSTATUS FLTAPI
FilterUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);

    FltUnregisterFilter(ww::g_Ctx.Filter);
    ww::g_Ctx.Filter = nullptr;
    ww::g_Ctx.Destroy();
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI
InstanceSetup(PCFLT_RELATED_OBJECTS FltObjects,
              FLT_INSTANCE_SETUP_FLAGS Flags,
              DEVICE_TYPE VolumeDeviceType,
              FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(VolumeFilesystemType);

    return (VolumeDeviceType == FILE_DEVICE_DISK_FILE_SYSTEM) ? STATUS_SUCCESS : STATUS_FLT_DO_NOT_ATTACH;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
PreWrite(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID* CompletionContext)
{
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = nullptr;

    if (FLT_IS_IRP_OPERATION(Data) && !FlagOn(Data->Iopb->IrpFlags, IRP_PAGING_IO)) {
        ww::g_Ctx.CountWrite(PsGetCurrentProcessId(), Data->Iopb->Parameters.Write.Length);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

const FLT_OPERATION_REGISTRATION kOperations[] = {
    { IRP_MJ_WRITE, 0, PreWrite, nullptr },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION kRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                          // Flags
    nullptr,                    // ContextRegistration
    kOperations,
    FilterUnload,
    InstanceSetup,
    nullptr,                    // InstanceQueryTeardown
    nullptr,                    // InstanceTeardownStart
    nullptr,                    // InstanceTeardownComplete
    nullptr,                    // GenerateFileName
    nullptr,                    // NormalizeNameComponent
    nullptr,                    // NormalizeContextCleanup
    nullptr,                    // TransactionNotification
    nullptr,                    // NormalizeNameComponentEx
    nullptr                     // SectionNotification
};

} // namespace

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status = ww::g_Ctx.Init(RegistryPath);
    if (!NT_SUCCESS(status)) {
        ww::g_Ctx.Destroy();
        return status;
    }
    DestroyGuard<ww::DriverContext> contextGuard(&ww::g_Ctx);

    UniqueFilter filter;
    status = FltRegisterFilter(DriverObject, &kRegistration, filter.Put());
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ww::g_Ctx.Filter = filter.Get();

    status = FltStartFiltering(filter.Get());
    if (!NT_SUCCESS(status)) {
        ww::g_Ctx.Filter = nullptr;
        return status;
    }

    filter.Release();
    contextGuard.Release();
    return STATUS_SUCCESS;
}
