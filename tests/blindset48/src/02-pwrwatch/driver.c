/*
 * driver.c - PwrWatch DriverEntry / unload.
 */
#include "pwrwatch.h"

PW_GLOBALS g_Pw;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     PwUnload;
DRIVER_DISPATCH   PwDispatchCreateClose;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, PwUnload)
#endif

static NTSTATUS
PwCopyServiceKey(_In_ PCUNICODE_STRING RegistryPath)
{
    USHORT cb = RegistryPath->Length + sizeof(WCHAR);

    g_Pw.ServiceKey.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, cb, PW_TAG);
    if (g_Pw.ServiceKey.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    g_Pw.ServiceKey.Length = 0;
    g_Pw.ServiceKey.MaximumLength = cb;
    RtlCopyUnicodeString(&g_Pw.ServiceKey, RegistryPath);
    g_Pw.ServiceKey.Buffer[g_Pw.ServiceKey.Length / sizeof(WCHAR)] = UNICODE_NULL;
    return STATUS_SUCCESS;
}

static VOID
PwReadConfig(VOID)
{
    RTL_QUERY_REGISTRY_TABLE table[3];
    ULONG                    defLog = 0, defPersist = 1;
    NTSTATUS                 status;

    g_Pw.Config.LogTransitions = defLog;
    g_Pw.Config.PersistOnShutdown = defPersist;

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name          = L"LogTransitions";
    table[0].EntryContext  = &g_Pw.Config.LogTransitions;
    table[0].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData   = &defLog;
    table[0].DefaultLength = sizeof(ULONG);

    table[1].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name          = L"PersistOnShutdown";
    table[1].EntryContext  = &g_Pw.Config.PersistOnShutdown;
    table[1].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[1].DefaultData   = &defPersist;
    table[1].DefaultLength = sizeof(ULONG);

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, g_Pw.ServiceKey.Buffer, table, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        PW_INFO("using defaults (0x%08X)", status);
    }
}

NTSTATUS
PwDispatchCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
PwUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(PW_LINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    PW_INFO("unload: sleeps=%lu flips=%lu", g_Pw.SleepCount, g_Pw.AcDcFlips);

    PwShutdownUninit(g_Pw.ControlDevice);
    PwPowerUninit();

    if (g_Pw.LinkCreated) {
        IoDeleteSymbolicLink(&link);
    }
    IoDeleteDevice(g_Pw.ControlDevice);

    ExFreePoolWithTag(g_Pw.ServiceKey.Buffer, PW_TAG);
    RtlZeroMemory(&g_Pw.ServiceKey, sizeof(g_Pw.ServiceKey));
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(PW_DEVICE_NAME);
    UNICODE_STRING link    = RTL_CONSTANT_STRING(PW_LINK_NAME);
    NTSTATUS       status;

    RtlZeroMemory(&g_Pw, sizeof(g_Pw));
    KeInitializeSpinLock(&g_Pw.Lock);
    g_Pw.State = PwStateIdle;
    g_Pw.OnAc = 1;

    PW_CHECK(PwCopyServiceKey(RegistryPath), Exit);
    PwReadConfig();

    DriverObject->MajorFunction[IRP_MJ_CREATE]   = PwDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]    = PwDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = PwDispatchShutdown;

    PW_CHECK(IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Pw.ControlDevice), FreeKey);

    PW_CHECK(IoCreateSymbolicLink(&link, &devName), DeleteDevice);
    g_Pw.LinkCreated = TRUE;

    PW_CHECK(PwPowerInit(g_Pw.ControlDevice), DeleteLink);
    PW_CHECK(PwShutdownInit(g_Pw.ControlDevice), PowerDown);

    InterlockedExchange(&g_Pw.State, PwStateActive);
    DriverObject->DriverUnload = PwUnload;
    PW_INFO("up, source=%s", g_Pw.OnAc ? "AC" : "DC");
    return STATUS_SUCCESS;

PowerDown:
    PwPowerUninit();
DeleteLink:
    IoDeleteSymbolicLink(&link);
    g_Pw.LinkCreated = FALSE;
DeleteDevice:
    IoDeleteDevice(g_Pw.ControlDevice);
    g_Pw.ControlDevice = NULL;
FreeKey:
    ExFreePoolWithTag(g_Pw.ServiceKey.Buffer, PW_TAG);
    g_Pw.ServiceKey.Buffer = NULL;
Exit:
    return status;
}
