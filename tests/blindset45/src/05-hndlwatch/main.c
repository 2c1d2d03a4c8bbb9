/*
 * main.c - DriverEntry and the filter unload callback.
 */
#include "hndlwatch.h"

DRIVER_INITIALIZE DriverEntry;

HW_GLOBALS Globals;

static VOID
HwGlobalsInit(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    RtlZeroMemory(&Globals, sizeof(Globals));
    Globals.DriverObject = DriverObject;
    KeInitializeSpinLock(&Globals.CsqLock);
    InitializeListHead(&Globals.PendingIrps);
}

NTSTATUS
HwUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);

    HW_LOG("unload (dropped %ld events)", Globals.Dropped);

    /* no more callbacks after this returns */
    FltUnregisterFilter(Globals.Filter);
    Globals.Filter = NULL;

    /* fail whatever readers are still parked */
    HwCsqFlush(NULL);

    HwControlUninit();
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    HwGlobalsInit(DriverObject);

    status = HwControlInit(DriverObject);
    if (!NT_SUCCESS(status)) {
        HW_ERR("control device 0x%08x", status);
        return status;
    }

    status = FltRegisterFilter(DriverObject, &HwFilterRegistration, &Globals.Filter);
    if (!NT_SUCCESS(status)) {
        HW_ERR("FltRegisterFilter 0x%08x", status);
        return status;
    }

    status = FltStartFiltering(Globals.Filter);
    if (!NT_SUCCESS(status)) {
        HW_ERR("FltStartFiltering 0x%08x", status);
        goto fail_filter;
    }

    HwCsqInit();

    HW_LOG("started");
    return STATUS_SUCCESS;

fail_filter:
    FltUnregisterFilter(Globals.Filter);
    Globals.Filter = NULL;
    HwControlUninit();
    return status;
}
