/*
 * main.c - ExtBlock registration
 */
#include "blocker.h"

DRIVER_INITIALIZE DriverEntry;

BLK_GLOBALS g_Blk;

static const FLT_OPERATION_REGISTRATION g_Callbacks[] = {
    { IRP_MJ_CREATE, 0, BlkPreCreate, NULL },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION g_FilterRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                          /* Flags */
    NULL,                       /* Context */
    g_Callbacks,
    BlkUnload,
    BlkInstanceSetup,
    BlkQueryTeardown,
    NULL,                       /* InstanceTeardownStart */
    NULL,                       /* InstanceTeardownComplete */
    NULL, NULL, NULL            /* name provider callbacks */
};

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    status = BlkLoadConfig(RegistryPath, &g_Blk.Config);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "extblock: %lu extension(s) blocked\n", g_Blk.Config.Count);

    status = FltRegisterFilter(DriverObject, &g_FilterRegistration, &g_Blk.Filter);
    if (!NT_SUCCESS(status)) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,
                   "extblock: FltRegisterFilter 0x%08X (instance keys missing?)\n", status);
        return status;
    }

    status = FltStartFiltering(g_Blk.Filter);
    if (!NT_SUCCESS(status)) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "extblock: FltStartFiltering 0x%08X\n", status);
        BlkFreeConfig(&g_Blk.Config);
        return status;
    }

    return STATUS_SUCCESS;
}
