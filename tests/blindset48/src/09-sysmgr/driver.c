/*
 * driver.c - SysMgr DriverEntry, unload and dispatch routines.
 */
#include "sysmgr.h"

SM_GLOBALS g_Sm;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     SmUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, SmUnload)
#pragma alloc_text(PAGE, SmDispatchShutdown)
#endif

static NTSTATUS
SmCopyServiceKey(_In_ PCUNICODE_STRING RegistryPath)
{
    g_Sm.ServiceKey.MaximumLength = RegistryPath->Length + sizeof(WCHAR);
    g_Sm.ServiceKey.Length = 0;
    g_Sm.ServiceKey.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, g_Sm.ServiceKey.MaximumLength, SM_TAG);
    if (g_Sm.ServiceKey.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyUnicodeString(&g_Sm.ServiceKey, RegistryPath);   /* zeroed pool keeps it terminated */
    return STATUS_SUCCESS;
}

static VOID
SmFreeServiceKey(VOID)
{
    if (g_Sm.ServiceKey.Buffer != NULL) {
        ExFreePoolWithTag(g_Sm.ServiceKey.Buffer, SM_TAG);
        RtlZeroMemory(&g_Sm.ServiceKey, sizeof(g_Sm.ServiceKey));
    }
}

static VOID
SmLoadConfig(VOID)
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    ULONG                    def = SM_FEAT_DEFAULT;

    g_Sm.Features = def;

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name          = L"Features";
    table[0].EntryContext  = &g_Sm.Features;
    table[0].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData   = &def;
    table[0].DefaultLength = sizeof(ULONG);

    if (!NT_SUCCESS(RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, g_Sm.ServiceKey.Buffer,
                                           table, NULL, NULL))) {
        g_Sm.Features = def;
    }
    g_Sm.Status.Features = g_Sm.Features;
}

NTSTATUS
SmDispatchCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
SmDispatchShutdown(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    LARGE_INTEGER now;

    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    InterlockedExchange(&g_Sm.State, SmStateShutdown);

    KeQuerySystemTime(&now);
    (VOID)RtlWriteRegistryValue(RTL_REGISTRY_ABSOLUTE, g_Sm.ServiceKey.Buffer, L"LastShutdown",
                                REG_QWORD, &now, sizeof(now));

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
SmUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    SM_TRACE("unload, %lu image loads seen", g_Sm.Status.ImageLoads);

    InterlockedExchange(&g_Sm.State, SmStateStopping);
    SmStopComponents();
    SmFreeServiceKey();
    InterlockedExchange(&g_Sm.State, SmStateStopped);
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    RtlZeroMemory(&g_Sm, sizeof(g_Sm));
    g_Sm.State = SmStateStarting;
    g_Sm.Status.Signature = SM_DUMP_SIGNATURE;
    KeQuerySystemTime(&g_Sm.Status.StartTime);

    status = SmCopyServiceKey(RegistryPath);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    SmLoadConfig();

    DriverObject->MajorFunction[IRP_MJ_CREATE]   = SmDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]    = SmDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = SmDispatchShutdown;

    status = SmStartComponents(DriverObject);
    if (!NT_SUCCESS(status)) {
        SmFreeServiceKey();
        g_Sm.State = SmStateStopped;
        return status;
    }

    DriverObject->DriverUnload = SmUnload;
    InterlockedExchange(&g_Sm.State, SmStateRunning);
    SM_TRACE("running, features 0x%lx", g_Sm.Features);
    return STATUS_SUCCESS;
}
