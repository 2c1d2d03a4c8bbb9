/*
 * wfpblock - blocks outbound IPv4 connects to one port with an ALE callout.
 */
#include "wfpblock.h"

WB_STATE g_wb;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD WbUnload;

static NTSTATUS
WbRegisterCallout(PDEVICE_OBJECT DeviceObject)
{
    FWPS_CALLOUT0 c = {0};

    c.calloutKey = WFPBLOCK_CALLOUT_V4;
    c.classifyFn = WbClassify;
    c.notifyFn = WbNotify;
    c.flowDeleteFn = NULL;
    return FwpsCalloutRegister0(DeviceObject, &c, &g_wb.CalloutId);
}

VOID
WbUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    WB_PRINT(("wfpblock: unload, blocked %ld\n", g_wb.Blocked));

    if (g_wb.Engine) {
        /* dynamic session: closing it removes filter, sublayer and callout from BFE */
        FwpmEngineClose0(g_wb.Engine);
        g_wb.Engine = NULL;
    }

    if (g_wb.Device) {
        IoDeleteDevice(g_wb.Device);
        g_wb.Device = NULL;
    }

    if (g_wb.CalloutId) {
        FwpsCalloutUnregisterById0(g_wb.CalloutId);
        g_wb.CalloutId = 0;
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_wb, sizeof(g_wb));
    DriverObject->DriverUnload = WbUnload;

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_NETWORK,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_wb.Device);
    if (!NT_SUCCESS(status)) {
        WB_PRINT(("wfpblock: IoCreateDevice %x\n", status));
        return status;
    }

    status = WbRegisterCallout(g_wb.Device);
    if (!NT_SUCCESS(status)) {
        WB_PRINT(("wfpblock: FwpsCalloutRegister %x\n", status));
        goto fail;
    }

    status = WbAddManagementObjects();
    if (!NT_SUCCESS(status)) {
        WB_PRINT(("wfpblock: BFE objects %x\n", status));
        goto fail;
    }

    WB_PRINT(("wfpblock: running, callout %u filter %I64u\n", g_wb.CalloutId, g_wb.FilterId));
    return STATUS_SUCCESS;

fail:
    if (g_wb.CalloutId) {
        FwpsCalloutUnregisterById0(g_wb.CalloutId);
        g_wb.CalloutId = 0;
    }
    IoDeleteDevice(g_wb.Device);
    g_wb.Device = NULL;
    return status;
}
