/*
 * driver.c - FsMini registration, DriverEntry and unload.
 */
#include "fsmini.h"

FSM_GLOBALS g_Fsm;

DRIVER_INITIALIZE DriverEntry;
static NTSTATUS FLTAPI FsmUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static NTSTATUS FLTAPI FsmInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                                        _In_ DEVICE_TYPE VolumeDeviceType, _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);
static NTSTATUS FLTAPI FsmQueryTeardown(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                                        _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, FsmUnload)
#pragma alloc_text(PAGE, FsmInstanceSetup)
#pragma alloc_text(PAGE, FsmQueryTeardown)
#endif

static const FLT_OPERATION_REGISTRATION FsmCallbacks[] = {
    { IRP_MJ_CREATE,  0,                                          NULL,          FsmPostCreate },
    { IRP_MJ_WRITE,   FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, FsmPreWrite,   NULL },
    { IRP_MJ_CLEANUP, 0,                                          FsmPreCleanup, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION FsmRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                          /* Flags */
    FsmContextRegistration,
    FsmCallbacks,
    FsmUnload,
    FsmInstanceSetup,
    FsmQueryTeardown,
    NULL,                       /* InstanceTeardownStart */
    NULL,                       /* InstanceTeardownComplete */
    NULL, NULL, NULL            /* name provider callbacks */
};

static NTSTATUS FLTAPI
FsmInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                 _In_ DEVICE_TYPE VolumeDeviceType, _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    if (VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    if (VolumeFilesystemType != FLT_FSTYPE_NTFS && VolumeFilesystemType != FLT_FSTYPE_REFS) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
FsmQueryTeardown(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
FsmUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    FSM_PRINT(DPFLTR_INFO_LEVEL, "unloading (flags 0x%x)", Flags);
    InterlockedExchange(&g_Fsm.State, FsmStateStopping);

    FltUnregisterFilter(g_Fsm.Filter);
    FsmCommClose();
    g_Fsm.Filter = NULL;

    InterlockedExchange(&g_Fsm.State, FsmStateStopped);
    return STATUS_SUCCESS;
}

static VOID
FsmReadConfig(_In_ PUNICODE_STRING RegistryPath)
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    ULONG                    def = FSM_FLAG_NOTIFY;

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name          = L"Flags";
    table[0].EntryContext  = &g_Fsm.Flags;
    table[0].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData   = &def;
    table[0].DefaultLength = sizeof(ULONG);

    g_Fsm.Flags = def;
    (VOID)RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RegistryPath->Buffer, table, NULL, NULL);
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    RtlZeroMemory(&g_Fsm, sizeof(g_Fsm));
    g_Fsm.State = FsmStateStarting;

    FsmReadConfig(RegistryPath);

    status = FltRegisterFilter(DriverObject, &FsmRegistration, &g_Fsm.Filter);
    if (!NT_SUCCESS(status)) {
        FSM_PRINT(DPFLTR_ERROR_LEVEL, "FltRegisterFilter 0x%08X", status);
        return status;
    }

    status = FsmCommOpen();
    if (!NT_SUCCESS(status)) {
        FSM_PRINT(DPFLTR_ERROR_LEVEL, "FsmCommOpen 0x%08X", status);
        goto Unregister;
    }

    status = FltStartFiltering(g_Fsm.Filter);
    if (!NT_SUCCESS(status)) {
        FSM_PRINT(DPFLTR_ERROR_LEVEL, "FltStartFiltering 0x%08X", status);
        /* a filter that never started has no instances; only the port is ours to undo */
        FsmCommClose();
        g_Fsm.State = FsmStateStopped;
        return status;
    }

    InterlockedExchange(&g_Fsm.State, FsmStateRunning);
    FSM_PRINT(DPFLTR_INFO_LEVEL, "running, flags 0x%lx", g_Fsm.Flags);
    return STATUS_SUCCESS;

Unregister:
    FltUnregisterFilter(g_Fsm.Filter);
    g_Fsm.Filter = NULL;
    g_Fsm.State = FsmStateStopped;
    return status;
}
