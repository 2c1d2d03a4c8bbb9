/*
 * hooknull.c - another driver in the same directory as hookstop.c (each is
 * built on its own): it stores a routine that releases nothing in a field
 * named as hookstop.c's, and calls it at unload. Conforming: no finding.
 */

#include <ntddk.h>

typedef struct _HN_HOOKS {
    VOID (*Stop)(VOID);
} HN_HOOKS;

HN_HOOKS g_Hooks;
static volatile LONG g_HnStops;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD HnUnload;

static VOID
HnStop(VOID)
{
    InterlockedIncrement(&g_HnStops);
}

VOID
HnUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    g_Hooks.Stop();
}

NTSTATUS
DriverEntry( // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    g_Hooks.Stop = HnStop;
    DriverObject->DriverUnload = HnUnload;
    return STATUS_SUCCESS;
}
