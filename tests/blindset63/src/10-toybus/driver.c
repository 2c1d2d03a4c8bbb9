/*
 * driver.c - toybus DriverEntry / unload and the global serial allocator
 */
#include "toybus.h"

TOY_GLOBALS g_Toy;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, ToyEvtDriverUnload)
#endif

BOOLEAN
ToyReserveSerial(
    _Out_ PULONG Serial
    )
{
    ULONG index;

    WdfWaitLockAcquire(g_Toy.SerialLock, NULL);
    index = RtlFindClearBitsAndSet(&g_Toy.SerialMap, 1, 0);
    WdfWaitLockRelease(g_Toy.SerialLock);

    if (index == 0xFFFFFFFF) {
        return FALSE;
    }

    *Serial = index + 1;        /* serial 0 means "none" */
    return TRUE;
}

VOID
ToyReleaseSerial(
    _In_ ULONG Serial
    )
{
    if (Serial == 0 || Serial > TOYBUS_MAX_SERIALS) {
        return;
    }

    WdfWaitLockAcquire(g_Toy.SerialLock, NULL);
    RtlClearBits(&g_Toy.SerialMap, Serial - 1, 1);
    WdfWaitLockRelease(g_Toy.SerialLock);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS            status;
    WDF_DRIVER_CONFIG   config;

    TOY_DBG("DriverEntry\n");

    RtlZeroMemory(&g_Toy, sizeof(g_Toy));

    g_Toy.SerialBits = (PULONG)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                               TOYBUS_MAX_SERIALS / 8,
                                               TOYBUS_TAG);
    if (g_Toy.SerialBits == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlInitializeBitMap(&g_Toy.SerialMap, g_Toy.SerialBits, TOYBUS_MAX_SERIALS);
    RtlClearAllBits(&g_Toy.SerialMap);

    WDF_DRIVER_CONFIG_INIT(&config, ToyEvtDeviceAdd);
    config.EvtDriverUnload = ToyEvtDriverUnload;
    config.DriverPoolTag   = TOYBUS_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        TOY_DBG("WdfDriverCreate 0x%08X\n", status);
        goto Error;
    }

    /* default parent is the driver object */
    status = WdfWaitLockCreate(WDF_NO_OBJECT_ATTRIBUTES, &g_Toy.SerialLock);
    if (!NT_SUCCESS(status)) {
        TOY_DBG("WdfWaitLockCreate 0x%08X\n", status);
        goto Error;
    }

    return STATUS_SUCCESS;

Error:
    /*
     * EvtDriverUnload is not called when DriverEntry fails, so undo here.
     */
    ExFreePoolWithTag(g_Toy.SerialBits, TOYBUS_TAG);
    g_Toy.SerialBits = NULL;
    return status;
}

VOID
ToyEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    TOY_DBG("unload\n");

    if (g_Toy.SerialBits != NULL) {
        ExFreePoolWithTag(g_Toy.SerialBits, TOYBUS_TAG);
        g_Toy.SerialBits = NULL;
    }
}
