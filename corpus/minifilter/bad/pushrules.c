/*
 * pushrules: a minifilter whose pre-create callback looks the requestor up
 * in a list of blocked process ids guarded by a push lock.
 *
 * Violating (DE022): the unload callback deletes the push lock while the
 * pre-create callback may still acquire it, before FltUnregisterFilter
 * removes that callback.
 */
#include <fltKernel.h>

static PFLT_FILTER g_PrFilter;
static EX_PUSH_LOCK g_PrLock;
static ULONG g_PrBlocked[8];
static ULONG g_PrCount;

static FLT_PREOP_CALLBACK_STATUS
PrPreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    ULONG pid = FltGetRequestorProcessId(Data);
    ULONG i;
    BOOLEAN blocked = FALSE;

    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);
    FltAcquirePushLockShared(&g_PrLock);
    for (i = 0; i < g_PrCount && i < 8; i++) {
        if (g_PrBlocked[i] == pid) {
            blocked = TRUE;
        }
    }
    FltReleasePushLock(&g_PrLock);
    if (blocked) {
        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        return FLT_PREOP_COMPLETE;
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

static NTSTATUS PrUnload(FLT_FILTER_UNLOAD_FLAGS Flags);

static const FLT_OPERATION_REGISTRATION PrCallbacks[] = {
    { IRP_MJ_CREATE, 0, PrPreCreate, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION PrRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    PrCallbacks,
    PrUnload,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

static NTSTATUS PrUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltDeletePushLock(&g_PrLock);                       // expect: DE022
    FltUnregisterFilter(g_PrFilter);
    return STATUS_SUCCESS;
}

DRIVER_INITIALIZE DriverEntry;

_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: minifilter
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    FltInitializePushLock(&g_PrLock);
    status = FltRegisterFilter(DriverObject, &PrRegistration, &g_PrFilter);
    if (!NT_SUCCESS(status)) {
        FltDeletePushLock(&g_PrLock);
        return status;
    }
    status = FltStartFiltering(g_PrFilter);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(g_PrFilter);
        FltDeletePushLock(&g_PrLock);
    }
    return status;
}
