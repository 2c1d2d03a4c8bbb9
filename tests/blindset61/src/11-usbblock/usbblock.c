/*
 * usbblock.c - minifilter part
 */
#include "usbblock.h"

PFLT_FILTER UbFilter;

DRIVER_INITIALIZE DriverEntry;
static NTSTATUS FLTAPI UbUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static NTSTATUS FLTAPI UbInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                                       _In_ DEVICE_TYPE VolumeDeviceType, _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);
static FLT_PREOP_CALLBACK_STATUS FLTAPI UbPreOp(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                                _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, UbUnload)
#pragma alloc_text(PAGE, UbInstanceSetup)
#endif

static const FLT_CONTEXT_REGISTRATION UbContexts[] = {
    { FLT_INSTANCE_CONTEXT, 0, NULL, sizeof(UB_INSTANCE_CONTEXT), UB_CTX_TAG },
    { FLT_CONTEXT_END }
};

static const FLT_OPERATION_REGISTRATION UbOps[] = {
    { IRP_MJ_CREATE,          0,                                            UbPreOp, NULL },
    { IRP_MJ_WRITE,           FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, UbPreOp, NULL },
    { IRP_MJ_SET_INFORMATION, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, UbPreOp, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION UbRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    UbContexts,
    UbOps,
    UbUnload,
    UbInstanceSetup,
    NULL, NULL, NULL,
    NULL, NULL, NULL
};

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    status = UbPolicyInit(RegistryPath);
    if (!NT_SUCCESS(status)) {
        UB_ERR("UbPolicyInit 0x%08X", status);
        return status;
    }

    status = FltRegisterFilter(DriverObject, &UbRegistration, &UbFilter);
    if (!NT_SUCCESS(status)) {
        UB_ERR("FltRegisterFilter 0x%08X", status);
        UbPolicyFree();
        return status;
    }

    status = FltStartFiltering(UbFilter);
    if (!NT_SUCCESS(status)) {
        UB_ERR("FltStartFiltering 0x%08X", status);
        FltUnregisterFilter(UbFilter);
        UbFilter = NULL;
        UbPolicyFree();
        return status;
    }

    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
UbUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    /* instances (and their contexts) are gone once this returns */
    FltUnregisterFilter(UbFilter);
    UbFilter = NULL;

    UbPolicyFree();
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
UbInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                _In_ DEVICE_TYPE VolumeDeviceType, _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    NTSTATUS status;
    UCHAR buffer[sizeof(FLT_VOLUME_PROPERTIES) + 256];
    PFLT_VOLUME_PROPERTIES props = (PFLT_VOLUME_PROPERTIES)buffer;
    PUB_INSTANCE_CONTEXT ctx = NULL;
    ULONG needed = 0;

    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(VolumeFilesystemType);
    PAGED_CODE();

    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    status = FltGetVolumeProperties(FltObjects->Volume, props, sizeof(buffer), &needed);
    if (!NT_SUCCESS(status) && status != STATUS_BUFFER_OVERFLOW) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    if (!FlagOn(props->DeviceCharacteristics, FILE_REMOVABLE_MEDIA)) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    /* pick up policy changes whenever a stick is plugged in */
    (VOID)UbPolicyRefresh();

    status = FltAllocateContext(FltObjects->Filter, FLT_INSTANCE_CONTEXT, sizeof(UB_INSTANCE_CONTEXT),
                                NonPagedPoolNx, (PFLT_CONTEXT *)&ctx);
    if (!NT_SUCCESS(status)) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    RtlZeroMemory(ctx, sizeof(*ctx));
    ctx->Removable = TRUE;
    ctx->Mode = UbPolicyMode();

    status = FltSetInstanceContext(FltObjects->Instance, FLT_SET_CONTEXT_KEEP_IF_EXISTS, ctx, NULL);
    FltReleaseContext(ctx);
    if (!NT_SUCCESS(status)) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    UB_DBG("attached to removable volume, mode %lu", UbPolicyMode());
    return STATUS_SUCCESS;
}

static BOOLEAN
UbIsWriteLike(_In_ PFLT_CALLBACK_DATA Data)
{
    PFLT_IO_PARAMETER_BLOCK iopb = Data->Iopb;
    ULONG disposition;

    switch (iopb->MajorFunction) {
    case IRP_MJ_WRITE:
    case IRP_MJ_SET_INFORMATION:
        return TRUE;
    case IRP_MJ_CREATE:
        disposition = (iopb->Parameters.Create.Options >> 24) & 0xFF;
        if (disposition != FILE_OPEN) {
            return TRUE;
        }
        return FlagOn(iopb->Parameters.Create.SecurityContext->DesiredAccess,
                      FILE_WRITE_DATA | FILE_APPEND_DATA | DELETE | WRITE_DAC | WRITE_OWNER) ? TRUE : FALSE;
    default:
        return FALSE;
    }
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI
UbPreOp(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
        _Flt_CompletionContext_Outptr_ PVOID *CompletionContext)
{
    PUB_INSTANCE_CONTEXT ctx = NULL;
    BOOLEAN deny = FALSE;

    *CompletionContext = NULL;

    if (Data->RequestorMode == KernelMode) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    if (!NT_SUCCESS(FltGetInstanceContext(FltObjects->Instance, (PFLT_CONTEXT *)&ctx))) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (ctx->Mode == UB_MODE_DENY) {
        deny = TRUE;
    } else if (ctx->Mode == UB_MODE_READONLY) {
        deny = UbIsWriteLike(Data);
    }
    if (deny) {
        InterlockedIncrement(&ctx->Denied);
    }
    FltReleaseContext(ctx);

    if (deny) {
        Data->IoStatus.Status = STATUS_MEDIA_WRITE_PROTECTED;
        Data->IoStatus.Information = 0;
        return FLT_PREOP_COMPLETE;
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}
