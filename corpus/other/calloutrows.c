/*
 * calloutrows.c - a WFP callout driver that registers its two callouts
 * (IPv4 and IPv6 connect) from a table of rows, each naming the callout key
 * and the global that receives its run-time ID. The table is static and
 * not declared const, but nothing writes it: its rows are the callouts
 * registered. A failed registration unregisters the rows before it; the
 * unload routine unregisters both IDs.
 *
 * Conforming: DE006 and DE011.
 */

#include <ntddk.h>
#include <ndis.h>
#include <fwpsk.h>
#include <fwpmk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RowsUnload;

/* {7c1e2d3f-4a5b-4c6d-8e7f-90a1b2c3d4e5} */
static const GUID RowsKeyV4 =
    { 0x7c1e2d3f, 0x4a5b, 0x4c6d, { 0x8e, 0x7f, 0x90, 0xa1, 0xb2, 0xc3, 0xd4, 0xe5 } };
/* {7c1e2d3f-4a5b-4c6d-8e7f-90a1b2c3d4e6} */
static const GUID RowsKeyV6 =
    { 0x7c1e2d3f, 0x4a5b, 0x4c6d, { 0x8e, 0x7f, 0x90, 0xa1, 0xb2, 0xc3, 0xd4, 0xe6 } };

static PDEVICE_OBJECT RowsDevice;
static UINT32 RowsIdV4;
static UINT32 RowsIdV6;

typedef struct _ROWS_CALLOUT {
    const GUID *Key;
    UINT32 *Id;
} ROWS_CALLOUT;

static ROWS_CALLOUT RowsCallouts[] = {
    { &RowsKeyV4, &RowsIdV4 },
    { &RowsKeyV6, &RowsIdV6 },
};

static void NTAPI
RowsClassify(const FWPS_INCOMING_VALUES0 *inFixedValues, const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues,
             void *layerData, const void *classifyContext, const FWPS_FILTER3 *filter, UINT64 flowContext,
             FWPS_CLASSIFY_OUT0 *classifyOut)
{
    UNREFERENCED_PARAMETER(inFixedValues);
    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);
    UNREFERENCED_PARAMETER(classifyOut);
}

static NTSTATUS NTAPI
RowsNotify(FWPS_CALLOUT_NOTIFY_TYPE notifyType, const GUID *filterKey, FWPS_FILTER3 *filter)
{
    UNREFERENCED_PARAMETER(notifyType);
    UNREFERENCED_PARAMETER(filterKey);
    UNREFERENCED_PARAMETER(filter);
    return STATUS_SUCCESS;
}

VOID
RowsUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    FwpsCalloutUnregisterById(RowsIdV6);
    FwpsCalloutUnregisterById(RowsIdV4);
    IoDeleteDevice(RowsDevice);
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)   // expect-entry: wdm, wfp-callout
{
    FWPS_CALLOUT callout;
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &RowsDevice);
    if (!NT_SUCCESS(status))
        return status;

    for (i = 0; i < ARRAYSIZE(RowsCallouts); i++) {
        RtlZeroMemory(&callout, sizeof(callout));
        callout.calloutKey = *RowsCallouts[i].Key;
        callout.classifyFn = RowsClassify;
        callout.notifyFn = RowsNotify;
        status = FwpsCalloutRegister(RowsDevice, &callout, RowsCallouts[i].Id);
        if (!NT_SUCCESS(status)) {
            while (i-- > 0)
                FwpsCalloutUnregisterById(*RowsCallouts[i].Id);
            IoDeleteDevice(RowsDevice);
            return status;
        }
    }

    DriverObject->DriverUnload = RowsUnload;
    return STATUS_SUCCESS;
}
