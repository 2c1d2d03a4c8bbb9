/*
 * etwopt.c (bad) - "beatmon" as etwopt.c, but its error ladder tests the
 * handle the wrong way round (`== 0`), so a registered provider is never
 * unregistered when a later step fails (DE006).
 */

#include <ntddk.h>
#include <evntprov.h>

#define BM_TAG 'mBtB'

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD BmUnload;

static const GUID BmProvider = { 0x5b1c4a2e, 0x7d3f, 0x4e21, { 0x9a, 0x10, 0x3c, 0x55, 0x6e, 0x21, 0x8b, 0x47 } };

static struct {
    REGHANDLE EtwHandle;
    PVOID Samples;
    PDEVICE_OBJECT Device;
} g_Bm;

VOID BmUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(g_Bm.Device);
    ExFreePoolWithTag(g_Bm.Samples, BM_TAG);
    if (g_Bm.EtwHandle != 0)
        EtwUnregister(g_Bm.EtwHandle);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    RtlZeroMemory(&g_Bm, sizeof(g_Bm));

    if (!NT_SUCCESS(EtwRegister(&BmProvider, NULL, NULL, &g_Bm.EtwHandle)))
        g_Bm.EtwHandle = 0;

    g_Bm.Samples = ExAllocatePoolWithTag(NonPagedPoolNx, PAGE_SIZE, BM_TAG);
    if (g_Bm.Samples == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto error_etw;
    }

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &g_Bm.Device);
    if (!NT_SUCCESS(status))
        goto error_samples;

    DriverObject->DriverUnload = BmUnload;
    return STATUS_SUCCESS;

error_samples:
    ExFreePoolWithTag(g_Bm.Samples, BM_TAG);
    g_Bm.Samples = NULL;
error_etw:
    if (g_Bm.EtwHandle == 0) {
        EtwUnregister(g_Bm.EtwHandle);
        g_Bm.EtwHandle = 0;
    }
    return status;                                  // expect: DE006
}
