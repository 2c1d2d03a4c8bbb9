/*
 * calloutout.c - WFP flow counter with an IPv4 and an IPv6 connect callout.
 * One helper registers a callout and writes its run-time id through an out
 * parameter; a second helper calls it once per address family, handing on
 * the addresses of the two ids kept in the driver's global state.
 *
 * Conforming: the unload routine unregisters both ids (DE011).
 */

#include <ntddk.h>
#include <ndis.h>
#include <fwpsk.h>
#include <fwpmk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD FlowUnload;

/* {5a1c2e3d-4b5f-4a60-8172-93a4b5c6d7e8} */
static const GUID FlowKeyV4 = { 0x5a1c2e3d, 0x4b5f, 0x4a60, { 0x81, 0x72, 0x93, 0xa4, 0xb5, 0xc6, 0xd7, 0xe8 } };
/* {6b2d3f4e-5c60-4b71-9283-a4b5c6d7e8f9} */
static const GUID FlowKeyV6 = { 0x6b2d3f4e, 0x5c60, 0x4b71, { 0x92, 0x83, 0xa4, 0xb5, 0xc6, 0xd7, 0xe8, 0xf9 } };

static struct {
    PDEVICE_OBJECT Device;
    UINT32 IdV4;
    UINT32 IdV6;
    volatile LONG64 Flows;
} Flow;

static void NTAPI
FlowClassify(const FWPS_INCOMING_VALUES0 *inFixedValues, const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues,
             void *layerData, const void *classifyContext, const FWPS_FILTER3 *filter, UINT64 flowContext,
             FWPS_CLASSIFY_OUT0 *classifyOut)
{
    UNREFERENCED_PARAMETER(inFixedValues);
    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);
    InterlockedIncrement64(&Flow.Flows);
    if (classifyOut->rights & FWPS_RIGHT_ACTION_WRITE) {
        classifyOut->actionType = FWP_ACTION_CONTINUE;
    }
}

static NTSTATUS NTAPI
FlowNotify(FWPS_CALLOUT_NOTIFY_TYPE notifyType, const GUID *filterKey, FWPS_FILTER3 *filter)
{
    UNREFERENCED_PARAMETER(notifyType);
    UNREFERENCED_PARAMETER(filterKey);
    UNREFERENCED_PARAMETER(filter);
    return STATUS_SUCCESS;
}

static NTSTATUS
FlowRegisterOne(PDEVICE_OBJECT Device, const GUID *Key, UINT32 *Id)
{
    FWPS_CALLOUT3 callout = { 0 };

    callout.calloutKey = *Key;
    callout.classifyFn = FlowClassify;
    callout.notifyFn = FlowNotify;
    return FwpsCalloutRegister3(Device, &callout, Id);
}

static NTSTATUS
FlowRegisterBoth(PDEVICE_OBJECT Device, UINT32 *IdV4, UINT32 *IdV6)
{
    NTSTATUS status = FlowRegisterOne(Device, &FlowKeyV4, IdV4);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = FlowRegisterOne(Device, &FlowKeyV6, IdV6);
    if (!NT_SUCCESS(status)) {
        FwpsCalloutUnregisterById0(*IdV4);
    }
    return status;
}

_Use_decl_annotations_
VOID
FlowUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    FwpsCalloutUnregisterById0(Flow.IdV6);
    FwpsCalloutUnregisterById0(Flow.IdV4);
    IoDeleteDevice(Flow.Device);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: wdm, wfp-callout
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_NETWORK, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &Flow.Device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FlowRegisterBoth(Flow.Device, &Flow.IdV4, &Flow.IdV6);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(Flow.Device);
        return status;
    }

    DriverObject->DriverUnload = FlowUnload;
    return STATUS_SUCCESS;
}
