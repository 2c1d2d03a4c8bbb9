/*
 * driver.c - registration, DriverEntry and unload of CryptFlt.
 */
#include "cryptflt.h"

CF_GLOBALS g_Cf;

static const FLT_OPERATION_REGISTRATION CfCallbacks[] = {
    { IRP_MJ_CREATE, 0, CfPreCreate, CfPostCreate },
    { IRP_MJ_WRITE,  FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, CfPreWrite, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_CONTEXT_REGISTRATION CfContexts[] = {
    { FLT_STREAM_CONTEXT, 0, NULL, sizeof(CF_STREAM_CONTEXT), CF_TAG },
    { FLT_CONTEXT_END }
};

static const FLT_REGISTRATION CfRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    CfContexts,
    CfCallbacks,
    CfUnload,
    NULL,                       /* attach to every volume */
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL
};

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, CfUnload)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    ExInitializeDriverRuntime(DrvRtPoolNxOptIn);

    status = CfInitializeGlobals(RegistryPath);
    if (!NT_SUCCESS(status)) {
        CF_LOG_ERROR("policy load failed 0x%08x", status);
        return status;
    }

    status = FltRegisterFilter(DriverObject, &CfRegistration, &g_Cf.Filter);
    if (!NT_SUCCESS(status)) {
        CfFreeGlobals();
        return status;
    }

    status = FltStartFiltering(g_Cf.Filter);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(g_Cf.Filter);
        g_Cf.Filter = NULL;
        CfFreeGlobals();
        return status;
    }

    CF_LOG_INFO("%u protected extensions, mode %d",
                g_Cf.Policy.ExtensionCount, g_Cf.Policy.Mode);
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI
CfUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);

    PAGED_CODE();

    FltUnregisterFilter(g_Cf.Filter);
    g_Cf.Filter = NULL;
    CfFreeGlobals();
    return STATUS_SUCCESS;
}
