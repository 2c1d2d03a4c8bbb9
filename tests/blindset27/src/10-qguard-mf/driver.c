/*
 * driver.c - QuotaGuard entry point, staged initialization and teardown.
 */
#include "qguard.h"

DRIVER_INITIALIZE DriverEntry;

QG_GLOBALS g_Qg;

static NTSTATUS QgFilterUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static VOID     QgTeardown(VOID);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, QgFilterUnload)
#pragma alloc_text(PAGE, QgTeardown)
#endif

static const FLT_REGISTRATION QgRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                              /* Flags */
    QgContexts,
    QgOperations,
    QgFilterUnload,
    QgInstanceSetup,
    NULL,                           /* InstanceQueryTeardown: no manual detach */
    NULL, NULL,                     /* InstanceTeardownStart/Complete */
    NULL, NULL, NULL                /* name provider */
};

/* Undo whatever InitFlags says was set up, newest first (failed DriverEntry and unload). */
static VOID
QgTeardown(VOID)
{
    PAGED_CODE();

    if (FlagOn(g_Qg.InitFlags, QG_INIT_PORT)) {
        QgClosePort();
        ClearFlag(g_Qg.InitFlags, QG_INIT_PORT);
    }
    if (FlagOn(g_Qg.InitFlags, QG_INIT_FILTER)) {
        /* Waits for outstanding callbacks and tears down all instances. */
        FltUnregisterFilter(g_Qg.Filter);
        g_Qg.Filter = NULL;
        ClearFlag(g_Qg.InitFlags, QG_INIT_FILTER);
    }
    if (FlagOn(g_Qg.InitFlags, QG_INIT_LOOKASIDE)) {
        ExDeleteNPagedLookasideList(&g_Qg.NotifyLookaside);
        ClearFlag(g_Qg.InitFlags, QG_INIT_LOOKASIDE);
    }
    if (FlagOn(g_Qg.InitFlags, QG_INIT_CONFIG)) {
        QgFreeConfig(&g_Qg.Config);
        ClearFlag(g_Qg.InitFlags, QG_INIT_CONFIG);
    }
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status = STATUS_UNSUCCESSFUL;

    RtlZeroMemory(&g_Qg, sizeof(g_Qg));

    __try {

        status = QgLoadConfig(RegistryPath, &g_Qg.Config);
        if (!NT_SUCCESS(status)) {
            __leave;
        }
        SetFlag(g_Qg.InitFlags, QG_INIT_CONFIG);

        ExInitializeNPagedLookasideList(&g_Qg.NotifyLookaside,
                                        NULL,
                                        NULL,
                                        POOL_NX_ALLOCATION,
                                        sizeof(QG_NOTIFICATION),
                                        QG_TAG_NOTIFY,
                                        0);
        SetFlag(g_Qg.InitFlags, QG_INIT_LOOKASIDE);

        status = FltRegisterFilter(DriverObject, &QgRegistration, &g_Qg.Filter);
        if (!NT_SUCCESS(status)) {
            __leave;
        }
        SetFlag(g_Qg.InitFlags, QG_INIT_FILTER);

        status = QgCreatePort();
        if (!NT_SUCCESS(status)) {
            __leave;
        }
        SetFlag(g_Qg.InitFlags, QG_INIT_PORT);

        status = FltStartFiltering(g_Qg.Filter);

    } __finally {

        if (!NT_SUCCESS(status)) {
            DbgPrintEx(DPFLTR_FLTMGR_ID, DPFLTR_ERROR_LEVEL,
                       "QuotaGuard: initialization failed 0x%08X (stages 0x%x)\n",
                       status, g_Qg.InitFlags);
            QgTeardown();
        }
    }

    return status;
}

static NTSTATUS
QgFilterUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    QgTeardown();
    return STATUS_SUCCESS;
}
