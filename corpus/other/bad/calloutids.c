/*
 * calloutids.c - WFP callout driver that counts IPv4 packets in and out,
 * with its two callouts' ids in one array indexed by direction. A helper
 * registers the callout of one direction; one teardown helper, run on the
 * failure path and by the unload routine, unregisters every id that is not
 * zero (`CountIds[dir] != 0`).
 *
 * BUG (DE006): the failure path was written before the callouts and only
 * deletes the device, so a failed shutdown registration leaves both
 * callouts registered to a driver about to be unloaded.
 */

#include <ntddk.h>
#include <ndis.h>
#include <fwpsk.h>
#include <fwpmk.h>

#define COUNT_DIRECTIONS 2

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD CountUnload;

/* {5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d} */
static const GUID CountKeyIn = { 0x5a6b7c8d, 0x9e0f, 0x4a1b, { 0x8c, 0x2d, 0x3e, 0x4f, 0x5a, 0x6b, 0x7c, 0x8d } };
/* {6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e} */
static const GUID CountKeyOut = { 0x6b7c8d9e, 0x0f1a, 0x4b2c, { 0x9d, 0x3e, 0x4f, 0x5a, 0x6b, 0x7c, 0x8d, 0x9e } };
static const GUID *const CountKeys[COUNT_DIRECTIONS] = { &CountKeyIn, &CountKeyOut };

static PDEVICE_OBJECT CountDevice;
static UINT32 CountIds[COUNT_DIRECTIONS];
static volatile LONG64 CountPackets[COUNT_DIRECTIONS];

static void NTAPI
CountClassify(const FWPS_INCOMING_VALUES0 *inFixedValues, const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues,
              void *layerData, const FWPS_FILTER0 *filter, UINT64 flowContext, FWPS_CLASSIFY_OUT0 *classifyOut)
{
    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);
    InterlockedIncrement64(&CountPackets[inFixedValues->layerId == FWPS_LAYER_INBOUND_IPPACKET_V4 ? 0 : 1]);
    if (classifyOut->rights & FWPS_RIGHT_ACTION_WRITE) {
        classifyOut->actionType = FWP_ACTION_CONTINUE;
    }
}

static NTSTATUS NTAPI
CountNotify(FWPS_CALLOUT_NOTIFY_TYPE notifyType, const GUID *filterKey, const FWPS_FILTER0 *filter)
{
    UNREFERENCED_PARAMETER(notifyType);
    UNREFERENCED_PARAMETER(filterKey);
    UNREFERENCED_PARAMETER(filter);
    return STATUS_SUCCESS;
}

static NTSTATUS
CountRegister(_In_ PDEVICE_OBJECT Device, _In_ int Direction)
{
    FWPS_CALLOUT0 callout = { 0 };
    NTSTATUS status;

    callout.calloutKey = *CountKeys[Direction];
    callout.classifyFn = CountClassify;
    callout.notifyFn = CountNotify;
    status = FwpsCalloutRegister0(Device, &callout, &CountIds[Direction]);
    if (!NT_SUCCESS(status)) {
        CountIds[Direction] = 0;
    }
    return status;
}

static VOID
CountTeardown(VOID)
{
    int dir;

    for (dir = 0; dir < COUNT_DIRECTIONS; dir++) {
        if (CountIds[dir] != 0) {
            FwpsCalloutUnregisterById0(CountIds[dir]);
            CountIds[dir] = 0;
        }
    }
}

VOID
CountUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    CountTeardown();
    IoDeleteDevice(CountDevice);
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)  // expect-entry: wdm,wfp-callout
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\PacketCount");
    NTSTATUS status;
    int dir;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_NETWORK, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &CountDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    for (dir = 0; dir < COUNT_DIRECTIONS; dir++) {
        status = CountRegister(CountDevice, dir);
        if (!NT_SUCCESS(status)) {
            goto Fail;
        }
    }
    status = IoRegisterShutdownNotification(CountDevice);
    if (!NT_SUCCESS(status)) {
        goto Fail;
    }
    DriverObject->DriverUnload = CountUnload;
    return STATUS_SUCCESS;

Fail:
    IoDeleteDevice(CountDevice);
    return status;                                      // expect: DE006
}
