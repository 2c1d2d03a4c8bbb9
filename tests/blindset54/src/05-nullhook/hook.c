/*
 * hook.c - DriverEntry, unload and the hook routines
 */
#include "hook.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     NhUnload;
DRIVER_DISPATCH   NhHookWrite;
DRIVER_DISPATCH   NhHookRead;

NH_GLOBALS g_Nh = { 0 };

NTSTATUS
NhHookWrite(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    InterlockedIncrement(&g_Nh.InHook);

    InterlockedIncrement(&g_Nh.Stats->Writes);
    InterlockedAdd64(&g_Nh.Stats->BytesWritten, sp->Parameters.Write.Length);

    if (g_Nh.Options.Verbose) {
        DBGP("write %lu bytes from pid %p", sp->Parameters.Write.Length, PsGetCurrentProcessId());
    }
    status = g_Nh.OrigWrite(DeviceObject, Irp);

    InterlockedDecrement(&g_Nh.InHook);
    return status;
}

NTSTATUS
NhHookRead(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    InterlockedIncrement(&g_Nh.InHook);

    if (g_Nh.Options.CountReads) {
        InterlockedIncrement(&g_Nh.Stats->Reads);
        InterlockedAdd64(&g_Nh.Stats->BytesRead, sp->Parameters.Read.Length);
    }
    status = g_Nh.OrigRead(DeviceObject, Irp);

    InterlockedDecrement(&g_Nh.InHook);
    return status;
}

static VOID
NhInstallHooks(VOID)
{
    g_Nh.OrigWrite = (PDRIVER_DISPATCH)InterlockedExchangePointer(
                        HOOK_SLOT(g_Nh.Target, IRP_MJ_WRITE), (PVOID)NhHookWrite);
    g_Nh.OrigRead  = (PDRIVER_DISPATCH)InterlockedExchangePointer(
                        HOOK_SLOT(g_Nh.Target, IRP_MJ_READ), (PVOID)NhHookRead);

    DBGP("hooked write %p -> %p, read %p -> %p",
         g_Nh.OrigWrite, NhHookWrite, g_Nh.OrigRead, NhHookRead);
}

static VOID
NhRemoveHooks(VOID)
{
    if (g_Nh.OrigWrite) {
        InterlockedExchangePointer(HOOK_SLOT(g_Nh.Target, IRP_MJ_WRITE), (PVOID)g_Nh.OrigWrite);
        g_Nh.OrigWrite = NULL;
    }
    if (g_Nh.OrigRead) {
        InterlockedExchangePointer(HOOK_SLOT(g_Nh.Target, IRP_MJ_READ), (PVOID)g_Nh.OrigRead);
        g_Nh.OrigRead = NULL;
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING target = RTL_CONSTANT_STRING(NH_TARGET_DRIVER);
    NTSTATUS status;
    ULONG i;

    DBGP("DriverEntry");

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = NhCtlDispatch;
    }

    status = ObReferenceObjectByName(&target,
                                     OBJ_CASE_INSENSITIVE,
                                     NULL,
                                     0,
                                     *IoDriverObjectType,
                                     KernelMode,
                                     NULL,
                                     (PVOID *)&g_Nh.Target);
    if (!NT_SUCCESS(status)) {
        DBGP("can't find %wZ: 0x%08X", &target, status);
        return status;
    }

    g_Nh.Stats = (PNH_STATS)ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(NH_STATS), NH_TAG);
    if (g_Nh.Stats == NULL) {
        DBGP("no memory for stats");
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(g_Nh.Stats, sizeof(NH_STATS));

    status = NhCtlCreate(DriverObject);
    if (!NT_SUCCESS(status)) {
        DBGP("NhCtlCreate failed 0x%08X", status);
        ExFreePoolWithTag(g_Nh.Stats, NH_TAG);
        g_Nh.Stats = NULL;
        ObDereferenceObject(g_Nh.Target);
        g_Nh.Target = NULL;
        return status;
    }

    /* defaults, overridden from the registry below */
    g_Nh.Options.CountReads = 1;
    g_Nh.Options.Verbose    = 0;

    NhInstallHooks();
    DriverObject->DriverUnload = NhUnload;

    status = NhReadOptions(RegistryPath, &g_Nh.Options);
    if (!NT_SUCCESS(status)) {
        DBGP("no options in registry (0x%08X), keeping defaults", status);
    }

    DBGP("loaded, CountReads=%lu Verbose=%lu", g_Nh.Options.CountReads, g_Nh.Options.Verbose);
    return status;
}

VOID
NhUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    LARGE_INTEGER delay;

    UNREFERENCED_PARAMETER(DriverObject);

    NhRemoveHooks();

    /* wait for threads still inside a hook, then a little extra for
     * the few instructions after the decrement */
    delay.QuadPart = -10 * 1000 * 50;
    while (InterlockedCompareExchange(&g_Nh.InHook, 0, 0) != 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &delay);
    }
    KeDelayExecutionThread(KernelMode, FALSE, &delay);

    NhCtlDelete();

    if (g_Nh.Stats) {
        DBGP("final: %ld writes (%I64d bytes), %ld reads",
             g_Nh.Stats->Writes, g_Nh.Stats->BytesWritten, g_Nh.Stats->Reads);
        ExFreePoolWithTag(g_Nh.Stats, NH_TAG);
        g_Nh.Stats = NULL;
    }

    if (g_Nh.Target) {
        ObDereferenceObject(g_Nh.Target);
        g_Nh.Target = NULL;
    }
    DBGP("unloaded");
}
