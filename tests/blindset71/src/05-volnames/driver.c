#include "volnames.h"

VN_GLOBALS VnGlobals;

DRIVER_INITIALIZE DriverEntry;
static NTSTATUS FLTAPI VnUnload(FLT_FILTER_UNLOAD_FLAGS Flags);
static FLT_PREOP_CALLBACK_STATUS FLTAPI VnPreCreate(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS, PVOID *);

static const FLT_OPERATION_REGISTRATION VnOps[] = {
    { IRP_MJ_CREATE, 0, VnPreCreate, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION VnRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    VnContextRegistration,
    VnOps,
    VnUnload,
    VnInstanceSetup,
    NULL, NULL, NULL,
    NULL, NULL, NULL
};

static FLT_PREOP_CALLBACK_STATUS FLTAPI
VnPreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *Ctx)
{
    PVN_INSTANCE_CONTEXT ic;

    *Ctx = NULL;
    if (NT_SUCCESS(FltGetInstanceContext(FltObjects->Instance, &ic))) {
        if (ic->Policy == VN_POLICY_AUDIT) {
            LOG("create pid %lu on %wZ", FltGetRequestorProcessId(Data), &ic->VolumeName);
        }
        FltReleaseContext(ic);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

static NTSTATUS FLTAPI
VnUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);

    LOG("unload%s", "");

    FltUnregisterFilter(VnGlobals.Filter);
    VnGlobals.Filter = NULL;

    VnCacheFlush();
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    RtlZeroMemory(&VnGlobals, sizeof(VnGlobals));

    /* remember where our parameters live, instances read them later */
    VnGlobals.RegistryPath = *RegistryPath;

    InitializeListHead(&VnGlobals.CacheList);
    status = ExInitializeResourceLite(&VnGlobals.CacheLock);
    if (!NT_SUCCESS(status)) {
        LOGERR("ExInitializeResourceLite 0x%08X", status);
        return status;
    }
    VnGlobals.CacheLockInit = TRUE;

    status = FltRegisterFilter(DriverObject, &VnRegistration, &VnGlobals.Filter);
    if (!NT_SUCCESS(status)) {
        LOGERR("FltRegisterFilter 0x%08X", status);
        goto fail;
    }

    status = FltStartFiltering(VnGlobals.Filter);
    if (!NT_SUCCESS(status)) {
        LOGERR("FltStartFiltering 0x%08X", status);
        FltUnregisterFilter(VnGlobals.Filter);
        VnGlobals.Filter = NULL;
        goto fail;
    }

    LOG("loaded, config at %wZ", &VnGlobals.RegistryPath);
    return STATUS_SUCCESS;

fail:
    if (VnGlobals.CacheLockInit) {
        VnCacheFlush();
        ExDeleteResourceLite(&VnGlobals.CacheLock);
        VnGlobals.CacheLockInit = FALSE;
    }
    return status;
}
