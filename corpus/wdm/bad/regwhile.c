/*
 * regwhile.c - a legacy driver whose setup steps, run from a table, read
 * the registry path through a global that DriverEntry sets on entry and
 * clears before it returns, but only on the success path: when the copy
 * fails, the global still points at the caller's string.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RwhUnload;

#define RWH_TAG 'hwRR'

typedef struct _RWH_GLOBALS {
    PCUNICODE_STRING RegistryPathAtEntry;
    UNICODE_STRING ServiceKey;
} RWH_GLOBALS;

static RWH_GLOBALS g_Rwh;

static NTSTATUS RwhCopyServiceKey(VOID)
{
    PCUNICODE_STRING src = g_Rwh.RegistryPathAtEntry;
    g_Rwh.ServiceKey.Buffer = ExAllocatePool2(POOL_FLAG_PAGED, src->Length, RWH_TAG);
    if (g_Rwh.ServiceKey.Buffer == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    g_Rwh.ServiceKey.MaximumLength = src->Length;
    RtlCopyUnicodeString(&g_Rwh.ServiceKey, src);
    return STATUS_SUCCESS;
}

VOID RwhUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    ExFreePoolWithTag(g_Rwh.ServiceKey.Buffer, RWH_TAG);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    NTSTATUS status;

    g_Rwh.RegistryPathAtEntry = RegistryPath;   // expect: DE004
    status = RwhCopyServiceKey();
    if (!NT_SUCCESS(status))
        return status;
    g_Rwh.RegistryPathAtEntry = NULL;
    DriverObject->DriverUnload = RwhUnload;
    return STATUS_SUCCESS;
}
