/*
 * flagword.c - "vnetlite": a virtual adapter driver that records what its
 * global setup has done as bits of one flag word, and a shared teardown
 * helper that undoes what the bits say (used on DriverEntry's failure path
 * and by unload). A bit set after each step decides the helper's test of it
 * (a false DE006 before: `Flags & STATS_READY` was a test of nothing known,
 * so a path skipped the free of a buffer whose bit was set).
 */

#include <ntddk.h>

#define VL_TAG              'lNvV'
#define VL_FLAG_LOCK_READY  0x00000001
#define VL_FLAG_STATS_READY 0x00000002
#define VL_FLAG_NAME_READY  0x00000004

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD VlUnload;

typedef struct _VL_STATS {
    LONG64 Sent;
    LONG64 Received;
} VL_STATS, *PVL_STATS;

typedef struct _VL_GLOBALS {
    ULONG Flags;
    KSPIN_LOCK Lock;
    LIST_ENTRY Adapters;
    PVL_STATS Stats;
    UNICODE_STRING ServiceName;
    PDEVICE_OBJECT Control;
} VL_GLOBALS;

static VL_GLOBALS g_Vl;

static VOID VlUninitializeGlobals(VOID)
{
    if (g_Vl.Flags & VL_FLAG_NAME_READY) {
        ExFreePoolWithTag(g_Vl.ServiceName.Buffer, VL_TAG);
        g_Vl.Flags &= ~VL_FLAG_NAME_READY;
    }
    if (g_Vl.Flags & VL_FLAG_STATS_READY) {
        ExFreePoolWithTag(g_Vl.Stats, VL_TAG);
        g_Vl.Stats = NULL;
        g_Vl.Flags &= ~VL_FLAG_STATS_READY;
    }
    g_Vl.Flags &= ~VL_FLAG_LOCK_READY;
}

static NTSTATUS VlInitializeGlobals(PCUNICODE_STRING RegistryPath)
{
    RtlZeroMemory(&g_Vl, sizeof(g_Vl));
    KeInitializeSpinLock(&g_Vl.Lock);
    InitializeListHead(&g_Vl.Adapters);
    g_Vl.Flags |= VL_FLAG_LOCK_READY;

    g_Vl.Stats = (PVL_STATS)ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(VL_STATS), VL_TAG);
    if (g_Vl.Stats == NULL)
        goto fail;
    RtlZeroMemory(g_Vl.Stats, sizeof(VL_STATS));
    g_Vl.Flags |= VL_FLAG_STATS_READY;

    g_Vl.ServiceName.Buffer = (PWCH)ExAllocatePoolWithTag(PagedPool, RegistryPath->Length, VL_TAG);
    if (g_Vl.ServiceName.Buffer == NULL)
        goto fail;
    g_Vl.ServiceName.MaximumLength = RegistryPath->Length;
    RtlCopyUnicodeString(&g_Vl.ServiceName, RegistryPath);
    g_Vl.Flags |= VL_FLAG_NAME_READY;
    return STATUS_SUCCESS;

fail:
    VlUninitializeGlobals();
    return STATUS_INSUFFICIENT_RESOURCES;
}

VOID VlUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(g_Vl.Control);
    VlUninitializeGlobals();
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    NTSTATUS status;

    status = VlInitializeGlobals(RegistryPath);
    if (!NT_SUCCESS(status))
        return status;

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_NETWORK, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &g_Vl.Control);
    if (!NT_SUCCESS(status)) {
        VlUninitializeGlobals();
        return status;
    }

    DriverObject->DriverUnload = VlUnload;
    return STATUS_SUCCESS;
}
