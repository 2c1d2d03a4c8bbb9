#include "cbdqpend.h"

CQ_DATA Globals;

DRIVER_INITIALIZE DriverEntry;
static NTSTATUS FLTAPI CqUnload(FLT_FILTER_UNLOAD_FLAGS Flags);
static FLT_PREOP_CALLBACK_STATUS FLTAPI CqPreRead(PFLT_CALLBACK_DATA Data,
                                                  PCFLT_RELATED_OBJECTS FltObjects,
                                                  PVOID *CompletionContext);

#pragma alloc_text(INIT, DriverEntry)

static const FLT_OPERATION_REGISTRATION Callbacks[] = {
    { IRP_MJ_READ, 0, CqPreRead, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    CqContexts,
    Callbacks,
    CqUnload,
    CqInstanceSetup,
    NULL,
    CqInstanceTeardownStart,
    CqInstanceTeardownComplete,
    NULL, NULL, NULL
};

static BOOLEAN
CqShouldPend(PFLT_CALLBACK_DATA Data)
{
    /* only plain IRP reads on user files; never paging or FastIo */
    if (!FLT_IS_IRP_OPERATION(Data)) {
        return FALSE;
    }
    if (FlagOn(Data->Iopb->IrpFlags, IRP_PAGING_IO | IRP_SYNCHRONOUS_PAGING_IO)) {
        return FALSE;
    }
    return (Globals.DelayMs != 0);
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI
CqPreRead(PFLT_CALLBACK_DATA Data,
          PCFLT_RELATED_OBJECTS FltObjects,
          PVOID *CompletionContext)
{
    PCQ_INSTANCE_CONTEXT ctx = NULL;
    FLT_PREOP_CALLBACK_STATUS ret = FLT_PREOP_SUCCESS_NO_CALLBACK;

    *CompletionContext = NULL;

    if (!CqShouldPend(Data)) {
        return ret;
    }
    if (!NT_SUCCESS(FltGetInstanceContext(FltObjects->Instance,
                                          (PFLT_CONTEXT *)&ctx))) {
        return ret;
    }

    if (NT_SUCCESS(CqPendRead(ctx, Data))) {
        CqKickWorker(ctx);
        ret = FLT_PREOP_PENDING;
    }

    FltReleaseContext(ctx);
    return ret;
}

static NTSTATUS FLTAPI
CqUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);

    KDPRINT((CQ_PREFIX "unload\n"));
    FltUnregisterFilter(Globals.Filter);
    ExDeleteNPagedLookasideList(&Globals.QueueContextLookaside);
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&Globals, sizeof(Globals));
    Globals.DriverObject = DriverObject;
    Globals.DelayMs = 250;

    status = FltRegisterFilter(DriverObject, &FilterRegistration, &Globals.Filter);
    if (!NT_SUCCESS(status)) {
        KDPRINT((CQ_PREFIX "FltRegisterFilter 0x%08X\n", status));
        return status;
    }

    status = FltStartFiltering(Globals.Filter);
    if (!NT_SUCCESS(status)) {
        KDPRINT((CQ_PREFIX "FltStartFiltering 0x%08X\n", status));
        FltUnregisterFilter(Globals.Filter);
        return status;
    }

    ExInitializeNPagedLookasideList(&Globals.QueueContextLookaside,
                                    NULL, NULL, POOL_NX_ALLOCATION,
                                    sizeof(CQ_QUEUE_CONTEXT),
                                    CQ_QCTX_TAG, 0);

    KDPRINT((CQ_PREFIX "loaded\n"));
    return STATUS_SUCCESS;
}
