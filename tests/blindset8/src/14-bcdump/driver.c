/*
 * driver.c - bcdump DriverEntry / Unload.
 */
#include <initguid.h>
#include "bcdump.h"

BC_STATE g_Bc;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     BcUnload;

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    KBUGCHECK_REASON_CALLBACK_RECORD addPagesRecord;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Bc, sizeof(g_Bc));

    g_Bc.RingBytes = BC_RING_BYTES;
    g_Bc.Ring = ExAllocatePool2(POOL_FLAG_NON_PAGED, g_Bc.RingBytes, BC_TAG);
    if (g_Bc.Ring == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    BcRingInit(g_Bc.Ring, g_Bc.RingBytes);

    /* 1. the ring as secondary dump data (all dump types) */
    KeInitializeCallbackRecord(&g_Bc.SecondaryRecord);
    if (!KeRegisterBugCheckReasonCallback(&g_Bc.SecondaryRecord,
                                          BcSecondaryDataCallback,
                                          KbCallbackSecondaryDumpData,
                                          (PUCHAR)BC_COMPONENT)) {
        DbgPrint("bcdump: secondary data callback not registered\n");
        return STATUS_UNSUCCESSFUL;
    }
    g_Bc.SecondaryRegistered = TRUE;

    /* 2. the ring's pages in kernel/automatic dumps, so !bcring works there */
    KeInitializeCallbackRecord(&addPagesRecord);
    if (!KeRegisterBugCheckReasonCallback(&addPagesRecord,
                                          BcAddPagesCallback,
                                          KbCallbackAddPages,
                                          (PUCHAR)BC_COMPONENT)) {
        DbgPrint("bcdump: add-pages callback not registered\n");
        KeDeregisterBugCheckReasonCallback(&g_Bc.SecondaryRecord);
        g_Bc.SecondaryRegistered = FALSE;
        ExFreePoolWithTag(g_Bc.Ring, BC_TAG);
        g_Bc.Ring = NULL;
        return STATUS_UNSUCCESSFUL;
    }

    DriverObject->DriverUnload = BcUnload;

    BcLog(0, "bcdump loaded");
    return STATUS_SUCCESS;
}

VOID
BcUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    if (g_Bc.SecondaryRegistered) {
        KeDeregisterBugCheckReasonCallback(&g_Bc.SecondaryRecord);
        g_Bc.SecondaryRegistered = FALSE;
    }

    if (g_Bc.Ring != NULL) {
        ExFreePoolWithTag(g_Bc.Ring, BC_TAG);
        g_Bc.Ring = NULL;
    }
}
