/*
 * etwbest.c - a driver that registers its ETW provider on a best-effort
 * basis, casting the status away, and on a later failure unregisters it
 * only when the handle was filled: a REGHANDLE still 0 means the
 * registration failed and there is nothing to undo.
 * Expected: no finding.
 */

#include <ntddk.h>
#include <evntprov.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD EbUnload;

static const GUID EbProvider =
    { 0x5a3c1e47, 0x93d2, 0x4b8e, { 0x9c, 0x1f, 0x2e, 0x6a, 0x70, 0x44, 0xd1, 0x0b } };

static REGHANDLE g_EbTrace;
static PVOID g_EbBuffer;

#define EB_TAG 'bEbE'

static VOID
EbStopTracing(VOID)
{
    if (g_EbTrace != 0) {
        EtwUnregister(g_EbTrace);
        g_EbTrace = 0;
    }
}

VOID
EbUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    ExFreePoolWithTag(g_EbBuffer, EB_TAG);
    EbStopTracing();
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    /* Tracing is optional: the driver runs without it. */
    (VOID)EtwRegister(&EbProvider, NULL, NULL, &g_EbTrace);

    g_EbBuffer = ExAllocatePoolZero(NonPagedPoolNx, PAGE_SIZE, EB_TAG);
    if (g_EbBuffer == NULL) {
        EbStopTracing();
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    DriverObject->DriverUnload = EbUnload;
    return STATUS_SUCCESS;
}
