// driver.cpp - registration, create/cleanup callbacks, unload.
#include "portmux.h"

PFLT_FILTER g_Filter = nullptr;

extern "C" DRIVER_INITIALIZE DriverEntry;

static NTSTATUS FLTAPI PmxUnload(FLT_FILTER_UNLOAD_FLAGS Flags);
static FLT_POSTOP_CALLBACK_STATUS FLTAPI PmxPostCreate(PFLT_CALLBACK_DATA Data,
    PCFLT_RELATED_OBJECTS FltObjects, PVOID Ctx, FLT_POST_OPERATION_FLAGS Flags);

static const FLT_OPERATION_REGISTRATION s_Ops[] = {
    { IRP_MJ_CREATE, 0, nullptr, PmxPostCreate },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION s_Reg = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    nullptr,
    s_Ops,
    PmxUnload,
    nullptr, nullptr, nullptr, nullptr,
    nullptr, nullptr, nullptr
};

static FLT_POSTOP_CALLBACK_STATUS FLTAPI PmxPostCreate(PFLT_CALLBACK_DATA Data,
    PCFLT_RELATED_OBJECTS FltObjects, PVOID Ctx, FLT_POST_OPERATION_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Ctx);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) ||
        !NT_SUCCESS(Data->IoStatus.Status) ||
        pmx::Mux::ClientCount() == 0 ||
        KeGetCurrentIrql() > APC_LEVEL) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    PFLT_FILE_NAME_INFORMATION ni = nullptr;
    if (!NT_SUCCESS(FltGetFileNameInformation(Data,
            FLT_FILE_NAME_OPENED | FLT_FILE_NAME_QUERY_DEFAULT, &ni))) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    auto ev = static_cast<PMX_EVENT*>(
        ExAllocatePoolWithTag(PagedPool, sizeof(PMX_EVENT), PMX_TAG));
    if (ev) {
        RtlZeroMemory(ev, sizeof(*ev));
        ev->Size = sizeof(*ev);
        ev->ProcessId = FltGetRequestorProcessId(Data);
        ev->MajorFunction = IRP_MJ_CREATE;
        USHORT len = min(ni->Name.Length, (USHORT)sizeof(ev->Name));
        RtlCopyMemory(ev->Name, ni->Name.Buffer, len);
        ev->NameLength = len;
        pmx::Mux::Broadcast(ev);
        ExFreePoolWithTag(ev, PMX_TAG);
    }
    FltReleaseFileNameInformation(ni);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

static NTSTATUS FLTAPI PmxUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    PMX_DBG("unload, %d clients", pmx::Mux::ClientCount());
    pmx::Mux::Close();
    FltUnregisterFilter(g_Filter);
    g_Filter = nullptr;
    return STATUS_SUCCESS;
}

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = FltRegisterFilter(DriverObject, &s_Reg, &g_Filter);
    if (!NT_SUCCESS(status)) {
        PMX_ERR("FltRegisterFilter 0x%08X", status);
        return status;
    }

    status = pmx::Mux::Open(g_Filter);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(g_Filter);
        g_Filter = nullptr;
        return status;
    }

    status = FltStartFiltering(g_Filter);
    if (!NT_SUCCESS(status)) {
        PMX_ERR("FltStartFiltering 0x%08X", status);
        pmx::Mux::Close();
        FltUnregisterFilter(g_Filter);
        g_Filter = nullptr;
        return status;
    }

    PMX_DBG("up, port %ws, %d connections max", PMX_PORT_NAME, PMX_MAX_CLIENTS);
    return STATUS_SUCCESS;
}
