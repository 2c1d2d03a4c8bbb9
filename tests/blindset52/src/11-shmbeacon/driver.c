/*
 * driver.c - shmbeacon entry / unload
 */
#include "beacon.h"

BC_CONTEXT g_Bc;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     BcUnload;

static VOID BcProcessNotify(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId,
                            _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);
    BcShmPublish(ProcessId, CreateInfo);
}

VOID BcUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    /* 1. no more writers: removal waits for in-flight notify calls */
    if (g_Bc.NotifyRegistered) {
        PsSetCreateProcessNotifyRoutineEx(BcProcessNotify, TRUE);
        g_Bc.NotifyRegistered = FALSE;
    }

    /* 2. heartbeat thread also touches the view */
    BcWorkerStop();

    /* 3. now the view and section can go */
    BcShmDestroy();

    BCLOG("unloaded\n");
}

NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Bc, sizeof(g_Bc));

    status = BcShmCreate();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = BcWorkerStart();
    if (!NT_SUCCESS(status)) {
        BcShmDestroy();
        return status;
    }

    status = PsSetCreateProcessNotifyRoutineEx(BcProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        BCERR("PsSetCreateProcessNotifyRoutineEx %08X\n", status);
        BcWorkerStop();
        BcShmDestroy();
        return status;
    }
    g_Bc.NotifyRegistered = TRUE;

    DriverObject->DriverUnload = BcUnload;
    BCLOG("publishing to %ws\n", BC_SECTION_NAME);
    return STATUS_SUCCESS;
}
