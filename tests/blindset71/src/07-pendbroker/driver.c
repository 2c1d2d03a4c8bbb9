#include "broker.h"

BRK_DATA BrkData;

DRIVER_INITIALIZE DriverEntry;

static VOID FLTAPI
BrkContextCleanup(PFLT_CONTEXT Context, FLT_CONTEXT_TYPE Type)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Type);
}

static const FLT_CONTEXT_REGISTRATION BrkContexts[] = {
    { FLT_INSTANCE_CONTEXT, 0, BrkContextCleanup, sizeof(BRK_INSTANCE_CONTEXT), BRK_TAG_CTX },
    { FLT_CONTEXT_END }
};

static NTSTATUS FLTAPI
BrkInstanceSetup(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS Flags,
                 DEVICE_TYPE DevType, FLT_FILESYSTEM_TYPE FsType)
{
    PBRK_INSTANCE_CONTEXT ctx = NULL;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(FsType);

    if (DevType != FILE_DEVICE_DISK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    status = FltAllocateContext(BrkData.Filter, FLT_INSTANCE_CONTEXT,
                                sizeof(*ctx), NonPagedPoolNx, &ctx);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlZeroMemory(ctx, sizeof(*ctx));
    ctx->Instance = FltObjects->Instance;

    status = BrkQueueInit(ctx);
    if (NT_SUCCESS(status)) {
        status = FltSetInstanceContext(FltObjects->Instance,
                                       FLT_SET_CONTEXT_KEEP_IF_EXISTS, ctx, NULL);
    }
    if (NT_SUCCESS(status)) {
        KeEnterCriticalRegion();
        ExAcquirePushLockExclusive(&BrkData.InstanceLock);
        InsertTailList(&BrkData.Instances, &ctx->Link);
        ctx->Listed = TRUE;
        ExReleasePushLockExclusive(&BrkData.InstanceLock);
        KeLeaveCriticalRegion();
    }
    FltReleaseContext(ctx);
    return status;
}

static VOID FLTAPI
BrkTeardownStart(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_TEARDOWN_FLAGS Flags)
{
    PBRK_INSTANCE_CONTEXT ctx;

    UNREFERENCED_PARAMETER(Flags);

    if (!NT_SUCCESS(FltGetInstanceContext(FltObjects->Instance, &ctx))) {
        return;
    }

    KeEnterCriticalRegion();
    ExAcquirePushLockExclusive(&BrkData.InstanceLock);
    if (ctx->Listed) {
        RemoveEntryList(&ctx->Link);
        ctx->Listed = FALSE;
    }
    ExReleasePushLockExclusive(&BrkData.InstanceLock);
    KeLeaveCriticalRegion();

    FltCbdqDisable(&ctx->Cbdq);
    BrkQueueDrain(ctx, STATUS_SUCCESS);
    FltReleaseContext(ctx);
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI
BrkPreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *Cc)
{
    PBRK_INSTANCE_CONTEXT ctx;
    PFLT_FILE_NAME_INFORMATION ni;
    FLT_PREOP_CALLBACK_STATUS ret = FLT_PREOP_SUCCESS_NO_CALLBACK;
    UNICODE_STRING ext = RTL_CONSTANT_STRING(L"lock");

    *Cc = NULL;
    if (BrkData.CtlPort == NULL || BrkData.ClientCount == 0) {
        return ret;
    }
    if (!NT_SUCCESS(FltGetFileNameInformation(Data, FLT_FILE_NAME_OPENED |
                        FLT_FILE_NAME_QUERY_DEFAULT, &ni))) {
        return ret;
    }
    if (NT_SUCCESS(FltParseFileNameInformation(ni)) &&
        RtlEqualUnicodeString(&ni->Extension, &ext, TRUE) &&
        NT_SUCCESS(FltGetInstanceContext(FltObjects->Instance, &ctx))) {

        if (NT_SUCCESS(BrkQueuePend(ctx, Data))) {
            ret = FLT_PREOP_PENDING;
        }
        FltReleaseContext(ctx);
    }
    FltReleaseFileNameInformation(ni);
    return ret;
}

static const FLT_OPERATION_REGISTRATION BrkOps[] = {
    { IRP_MJ_CREATE, 0, BrkPreCreate, NULL },
    { IRP_MJ_OPERATION_END }
};

static NTSTATUS FLTAPI
BrkUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    BrkClosePorts();
    FltUnregisterFilter(BrkData.Filter);
    BrkData.Filter = NULL;
    return STATUS_SUCCESS;
}

static const FLT_REGISTRATION BrkRegistration = {
    sizeof(FLT_REGISTRATION), FLT_REGISTRATION_VERSION, 0,
    BrkContexts, BrkOps, BrkUnload,
    BrkInstanceSetup, NULL, BrkTeardownStart, NULL,
    NULL, NULL, NULL
};

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    RtlZeroMemory(&BrkData, sizeof(BrkData));

    ExInitializePushLock(&BrkData.InstanceLock);
    InitializeListHead(&BrkData.Instances);

    status = FltRegisterFilter(DriverObject, &BrkRegistration, &BrkData.Filter);
    if (!NT_SUCCESS(status)) {
        BLOG("FltRegisterFilter 0x%08X\n", status);
        return status;
    }

    status = BrkCreatePorts();
    if (!NT_SUCCESS(status)) {
        goto cleanup;
    }

    ExInitializeFastMutex(&BrkData.ClientMutex);
    InitializeListHead(&BrkData.Clients);

    status = FltStartFiltering(BrkData.Filter);
    if (!NT_SUCCESS(status)) {
        BLOG("FltStartFiltering 0x%08X\n", status);
        goto cleanup;
    }
    return STATUS_SUCCESS;

cleanup:
    BrkClosePorts();
    FltUnregisterFilter(BrkData.Filter);
    BrkData.Filter = NULL;
    return status;
}
