/*
 * driver.c - xorvol entry and unload
 */
#include "xorvol.h"

XV_GLOBALS g_Xv;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     XvUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, XvUnload)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    ULONG    i;

    RtlZeroMemory(&g_Xv, sizeof(g_Xv));

    status = XvLoadKey(RegistryPath);
    if (!NT_SUCCESS(status)) {
        XV_ERROR("no usable key (0x%08X), not loading\n", status);
        return status;
    }

    ExInitializeNPagedLookasideList(&g_Xv.ContextList, NULL, NULL, POOL_NX_ALLOCATION,
                                    sizeof(XV_WRITE_CTX), XV_CTX_TAG, 0);
    g_Xv.ContextListReady = TRUE;

    if (!XvSelfTest()) {
        XV_ERROR("transform self test failed\n");
        status = STATUS_DRIVER_INTERNAL_ERROR;
        goto fail;
    }

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = XvPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_READ]  = XvRead;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = XvWrite;
    DriverObject->MajorFunction[IRP_MJ_PNP]   = XvPnp;

    DriverObject->DriverExtension->AddDevice = XvAddDevice;
    DriverObject->DriverUnload = XvUnload;

    XV_INFO("loaded, %lu byte key\n", g_Xv.KeyLength);
    return STATUS_SUCCESS;

fail:
    ExDeleteNPagedLookasideList(&g_Xv.ContextList);
    g_Xv.ContextListReady = FALSE;
    XvFreeKey();
    return status;
}

VOID
XvUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    /* PnP has removed (and detached) every filter device before this runs */
    if (g_Xv.ContextListReady) {
        ExDeleteNPagedLookasideList(&g_Xv.ContextList);
        g_Xv.ContextListReady = FALSE;
    }
    XvFreeKey();
    XV_INFO("unloaded\n");
}
