/*
 * minimon.c - registration, record list, DriverEntry and FilterUnload
 */
#include "minimon.h"

MM_GLOBALS g_Mm;

static UNICODE_STRING g_CmAltitude = RTL_CONSTANT_STRING(L"385210.5");

DRIVER_INITIALIZE DriverEntry;
NTSTATUS MmFilterUnload(FLT_FILTER_UNLOAD_FLAGS Flags);
NTSTATUS MmInstanceSetup(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS Flags,
                         DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE VolumeFilesystemType);

static const FLT_OPERATION_REGISTRATION g_Callbacks[] = {
    { IRP_MJ_CREATE, 0, MmPreCreate, MmPostCreate },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION g_FilterRegistration = {
    sizeof(FLT_REGISTRATION),   /* Size */
    FLT_REGISTRATION_VERSION,   /* Version */
    0,                          /* Flags */
    NULL,                       /* Context */
    g_Callbacks,                /* Operation callbacks */
    MmFilterUnload,             /* FilterUnload */
    MmInstanceSetup,            /* InstanceSetup */
    NULL,                       /* InstanceQueryTeardown */
    NULL,                       /* InstanceTeardownStart */
    NULL,                       /* InstanceTeardownComplete */
    NULL, NULL, NULL            /* name provider callbacks */
};

static const char *MmKindName(MM_KIND Kind)
{
    switch (Kind) {
    case MmKindFileCreate:  return "FILE";
    case MmKindRegSetValue: return "REG ";
    default:                return "????";
    }
}

/*
 * Print and free everything that is queued. DbgPrint's %ws only works at
 * PASSIVE_LEVEL, so the list is moved out under the lock and printed after.
 */
static VOID MmDumpRecords(VOID)
{
    KIRQL oldIrql;
    LIST_ENTRY local;

    if (KeGetCurrentIrql() != PASSIVE_LEVEL) {
        return;
    }

    InitializeListHead(&local);

    KeAcquireSpinLock(&g_Mm.RecordLock, &oldIrql);
    while (!IsListEmpty(&g_Mm.Records)) {
        InsertTailList(&local, RemoveHeadList(&g_Mm.Records));
    }
    g_Mm.RecordCount = 0;
    KeReleaseSpinLock(&g_Mm.RecordLock, oldIrql);

    while (!IsListEmpty(&local)) {
        PMM_RECORD r = CONTAINING_RECORD(RemoveHeadList(&local), MM_RECORD, Link);
        MM_DBG("%s pid=%5lu %ws", MmKindName(r->Kind), HandleToULong(r->ProcessId), r->Text);
        ExFreeToNPagedLookasideList(&g_Mm.RecordPool, r);
    }
}

VOID MmAddRecord(MM_KIND Kind, PCUNICODE_STRING Text)
{
    PMM_RECORD rec;
    PMM_RECORD victim = NULL;
    BOOLEAN dump = FALSE;
    KIRQL oldIrql;

    rec = (PMM_RECORD)ExAllocateFromNPagedLookasideList(&g_Mm.RecordPool);
    if (rec == NULL) {
        return;
    }
    RtlZeroMemory(rec, sizeof(*rec));
    rec->Kind = Kind;
    rec->ProcessId = PsGetCurrentProcessId();
    KeQuerySystemTime(&rec->Time);
    RtlStringCchCopyNW(rec->Text, MM_TEXT_CHARS, Text->Buffer, Text->Length / sizeof(WCHAR));

    KeAcquireSpinLock(&g_Mm.RecordLock, &oldIrql);
    InsertTailList(&g_Mm.Records, &rec->Link);
    if (++g_Mm.RecordCount > MM_MAX_RECORDS) {
        victim = CONTAINING_RECORD(RemoveHeadList(&g_Mm.Records), MM_RECORD, Link);
        g_Mm.RecordCount--;
    }
    if (++g_Mm.SinceLastDump >= MM_DUMP_EVERY) {
        g_Mm.SinceLastDump = 0;
        dump = TRUE;
    }
    KeReleaseSpinLock(&g_Mm.RecordLock, oldIrql);

    if (victim != NULL) {
        ExFreeToNPagedLookasideList(&g_Mm.RecordPool, victim);
    }
    if (dump) {
        MmDumpRecords();
    }
}

VOID MmFlushRecords(VOID)
{
    KIRQL oldIrql;
    LIST_ENTRY local;

    InitializeListHead(&local);

    KeAcquireSpinLock(&g_Mm.RecordLock, &oldIrql);
    while (!IsListEmpty(&g_Mm.Records)) {
        InsertTailList(&local, RemoveHeadList(&g_Mm.Records));
    }
    g_Mm.RecordCount = 0;
    KeReleaseSpinLock(&g_Mm.RecordLock, oldIrql);

    while (!IsListEmpty(&local)) {
        PMM_RECORD r = CONTAINING_RECORD(RemoveHeadList(&local), MM_RECORD, Link);
        ExFreeToNPagedLookasideList(&g_Mm.RecordPool, r);
    }
}

NTSTATUS MmInstanceSetup(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS Flags,
                         DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(VolumeFilesystemType);

    /* only local disks */
    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return STATUS_SUCCESS;
}

NTSTATUS MmFilterUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    MM_DBG("unloading");

    FltUnregisterFilter(g_Mm.Filter);
    g_Mm.Filter = NULL;

    if (g_Mm.CmRegistered) {
        CmUnRegisterCallback(g_Mm.CmCookie);
        g_Mm.CmRegistered = FALSE;
    }

    MmDumpRecords();
    MmFlushRecords();

    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Mm, sizeof(g_Mm));
    InitializeListHead(&g_Mm.Records);
    KeInitializeSpinLock(&g_Mm.RecordLock);

    ExInitializeNPagedLookasideList(&g_Mm.RecordPool, NULL, NULL, POOL_NX_ALLOCATION,
                                    sizeof(MM_RECORD), MM_TAG, 0);
    g_Mm.LookasideReady = TRUE;

    CHECK(CmRegisterCallbackEx(MmRegistryCallback, &g_CmAltitude, DriverObject,
                               NULL, &g_Mm.CmCookie, NULL));
    g_Mm.CmRegistered = TRUE;

    CHECK(FltRegisterFilter(DriverObject, &g_FilterRegistration, &g_Mm.Filter));
    CHECK(FltStartFiltering(g_Mm.Filter));

    MM_DBG("up and running");
    return STATUS_SUCCESS;

fail:
    if (g_Mm.CmRegistered) {
        CmUnRegisterCallback(g_Mm.CmCookie);
        g_Mm.CmRegistered = FALSE;
    }
    if (g_Mm.LookasideReady) {
        ExDeleteNPagedLookasideList(&g_Mm.RecordPool);
        g_Mm.LookasideReady = FALSE;
    }
    return status;
}
