#include "mport.h"

MP_GLOBALS MpG;

DRIVER_INITIALIZE DriverEntry;
static NTSTATUS FLTAPI MpUnload(FLT_FILTER_UNLOAD_FLAGS Flags);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, MpUnload)
#endif

static const FLT_OPERATION_REGISTRATION MpOps[] = {
    { IRP_MJ_CREATE, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, MpPreCreate, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION MpRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    MpContextRegistration,
    MpOps,
    MpUnload,
    MpInstanceSetup,
    MpInstanceQueryTeardown,
    MpInstanceTeardownStart,
    MpInstanceTeardownComplete,
    NULL, NULL, NULL
};

static NTSTATUS
MpCopyServiceKey(_In_ PCUNICODE_STRING RegistryPath)
{
    MpG.ServiceKey.Buffer = ExAllocatePoolWithTag(PagedPool, RegistryPath->Length, MP_TAG_REG);
    if (MpG.ServiceKey.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    MpG.ServiceKey.Length = 0;
    MpG.ServiceKey.MaximumLength = RegistryPath->Length;
    RtlCopyUnicodeString(&MpG.ServiceKey, RegistryPath);
    return STATUS_SUCCESS;
}

static VOID
MpFreeServiceKey(VOID)
{
    if (MpG.ServiceKey.Buffer != NULL) {
        ExFreePoolWithTag(MpG.ServiceKey.Buffer, MP_TAG_REG);
        RtlZeroMemory(&MpG.ServiceKey, sizeof(MpG.ServiceKey));
    }
}

static NTSTATUS FLTAPI
MpUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    MP_TRACE("unload (%lu agents)", MpG.ConnCount);

    /* stop accepting, then let fltmgr disconnect the rest and detach */
    MpCloseServerPort();
    FltUnregisterFilter(MpG.Filter);
    MpG.Filter = NULL;

    ExDeleteResourceLite(&MpG.ConnLock);
    MpFreeServiceKey();
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    RtlZeroMemory(&MpG, sizeof(MpG));
    InitializeListHead(&MpG.Connections);

    status = MpCopyServiceKey(RegistryPath);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = ExInitializeResourceLite(&MpG.ConnLock);
    if (!NT_SUCCESS(status)) {
        goto free_key;
    }

    status = FltRegisterFilter(DriverObject, &MpRegistration, &MpG.Filter);
    if (!NT_SUCCESS(status)) {
        MP_TRACE("FltRegisterFilter 0x%08X", status);
        goto free_lock;
    }

    status = MpOpenServerPort();
    if (!NT_SUCCESS(status)) {
        MP_TRACE("port 0x%08X", status);
        goto unregister;
    }

    status = FltStartFiltering(MpG.Filter);
    if (!NT_SUCCESS(status)) {
        MP_TRACE("FltStartFiltering 0x%08X", status);
        goto close_port;
    }

    MP_TRACE("loaded from %wZ", &MpG.ServiceKey);
    return STATUS_SUCCESS;

close_port:
    MpCloseServerPort();
unregister:
    FltUnregisterFilter(MpG.Filter);
    MpG.Filter = NULL;
free_lock:
    ExDeleteResourceLite(&MpG.ConnLock);
free_key:
    MpFreeServiceKey();
    return status;
}
