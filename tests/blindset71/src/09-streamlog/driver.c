#include "streamlog.h"

SL_GLOBALS SlGlobals;

DRIVER_INITIALIZE DriverEntry;

static FLT_PREOP_CALLBACK_STATUS FLTAPI
SlPreWrite(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS Obj, PVOID *Cc)
{
    PSL_STREAM_CONTEXT sc;

    *Cc = NULL;
    if (FlagOn(Data->Iopb->IrpFlags, IRP_PAGING_IO) ||
        KeGetCurrentIrql() > APC_LEVEL) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    if (!NT_SUCCESS(SlGetStreamContext(Data, Obj, TRUE, &sc))) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    if (InterlockedIncrement(&sc->Writes) == 1) {
        SlPortSend(sc, 1);
    }
    FltReleaseContext(sc);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI
SlPreCleanup(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS Obj, PVOID *Cc)
{
    PSL_STREAM_CONTEXT sc;

    *Cc = NULL;
    if (!NT_SUCCESS(SlGetStreamContext(Data, Obj, FALSE, &sc))) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    if (sc->Writes != 0 && !sc->Reported) {
        sc->Reported = TRUE;
        SlPortSend(sc, 2);
    }
    FltReleaseContext(sc);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

static const FLT_OPERATION_REGISTRATION SlOps[] = {
    { IRP_MJ_WRITE,   0, SlPreWrite,   NULL },
    { IRP_MJ_CLEANUP, 0, SlPreCleanup, NULL },
    { IRP_MJ_OPERATION_END }
};

static NTSTATUS FLTAPI
SlUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    SlPortClose();
    FltUnregisterFilter(SlGlobals.Filter);
    SlGlobals.Filter = NULL;

    if (SlGlobals.RecordsInit) {
        ExDeleteNPagedLookasideList(&SlGlobals.Records);
        SlGlobals.RecordsInit = FALSE;
    }
    SL_DBG("unloaded\n");
    return STATUS_SUCCESS;
}

static const FLT_REGISTRATION SlRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    SlContexts,
    SlOps,
    SlUnload,
    NULL, NULL, NULL, NULL,
    NULL, NULL, NULL
};

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&SlGlobals, sizeof(SlGlobals));

    ExInitializeNPagedLookasideList(&SlGlobals.Records, NULL, NULL, POOL_NX_ALLOCATION,
                                    sizeof(SL_RECORD), SL_REC_TAG, 0);
    SlGlobals.RecordsInit = TRUE;

    status = FltRegisterFilter(DriverObject, &SlRegistration, &SlGlobals.Filter);
    if (!NT_SUCCESS(status)) {
        SL_ERR("FltRegisterFilter 0x%08X\n", status);
        goto err_lookaside;
    }

    status = SlPortCreate();
    if (!NT_SUCCESS(status)) {
        goto err_filter;
    }

    status = FltStartFiltering(SlGlobals.Filter);
    if (!NT_SUCCESS(status)) {
        SL_ERR("FltStartFiltering 0x%08X\n", status);
        goto err_port;
    }

    SL_DBG("loaded\n");
    return STATUS_SUCCESS;

err_port:
    SlPortClose();
err_filter:
    FltUnregisterFilter(SlGlobals.Filter);
    SlGlobals.Filter = NULL;
err_lookaside:
    ExDeleteNPagedLookasideList(&SlGlobals.Records);
    SlGlobals.RecordsInit = FALSE;
    return status;
}
