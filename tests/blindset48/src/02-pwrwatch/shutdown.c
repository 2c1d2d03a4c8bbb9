/*
 * shutdown.c - IRP_MJ_SHUTDOWN handling: persist counters to the service key.
 */
#include "pwrwatch.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, PwShutdownInit)
#pragma alloc_text(PAGE, PwShutdownUninit)
#pragma alloc_text(PAGE, PwDispatchShutdown)
#endif

NTSTATUS
PwShutdownInit(_In_ PDEVICE_OBJECT DeviceObject)
{
    NTSTATUS status;

    PAGED_CODE();

    status = IoRegisterShutdownNotification(DeviceObject);
    if (NT_SUCCESS(status)) {
        g_Pw.ShutdownRegistered = TRUE;
    }
    return status;
}

VOID
PwShutdownUninit(_In_ PDEVICE_OBJECT DeviceObject)
{
    PAGED_CODE();

    if (g_Pw.ShutdownRegistered) {
        IoUnregisterShutdownNotification(DeviceObject);
        g_Pw.ShutdownRegistered = FALSE;
    }
}

static VOID
PwPersistCounters(VOID)
{
    ULONG    value;
    NTSTATUS status;

    if (g_Pw.ServiceKey.Buffer == NULL) {
        return;
    }

    value = g_Pw.SleepCount;
    status = RtlWriteRegistryValue(RTL_REGISTRY_ABSOLUTE, g_Pw.ServiceKey.Buffer,
                                   L"LastSleepCount", REG_DWORD, &value, sizeof(value));
    if (!NT_SUCCESS(status)) {
        PW_ERROR("LastSleepCount write 0x%08X", status);
    }

    value = g_Pw.AcDcFlips;
    (VOID)RtlWriteRegistryValue(RTL_REGISTRY_ABSOLUTE, g_Pw.ServiceKey.Buffer,
                                L"LastAcDcFlips", REG_DWORD, &value, sizeof(value));
}

NTSTATUS
PwDispatchShutdown(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    InterlockedExchange(&g_Pw.State, PwStateShuttingDown);

    if (g_Pw.Config.PersistOnShutdown) {
        PwPersistCounters();
    }

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}
