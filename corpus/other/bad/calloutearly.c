/*
 * calloutearly.c - WFP callout driver of a per-application firewall. Its
 * callout blocks outbound connections of processes the service lists; a
 * control device lets the service send the list.
 *
 * BUG (WFP001): a refactoring moved the callout registration into
 * FwRegisterCallouts and called it first, "so that no connection slips
 * through", before IoCreateDevice: the callout is registered with FwDevice
 * while it is still NULL. FwpsCalloutRegister needs the device object the
 * driver created (the filter engine ties the callout to it).
 */

#include <ntddk.h>
#include <ndis.h>
#include <fwpsk.h>
#include <fwpmk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD FwUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH FwDispatch;

/* {a41c6f0e-2b7d-4c59-8e13-6d0f2a9b7c35} */
static const GUID FwCalloutKey =
    { 0xa41c6f0e, 0x2b7d, 0x4c59, { 0x8e, 0x13, 0x6d, 0x0f, 0x2a, 0x9b, 0x7c, 0x35 } };

static PDEVICE_OBJECT FwDevice;
static UINT32 FwCalloutId;
static UNICODE_STRING FwDeviceName = RTL_CONSTANT_STRING(L"\\Device\\AppFirewall");

static void NTAPI
FwClassify(const FWPS_INCOMING_VALUES0 *inFixedValues, const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues,
           void *layerData, const void *classifyContext, const FWPS_FILTER3 *filter, UINT64 flowContext,
           FWPS_CLASSIFY_OUT0 *classifyOut)
{
    UNREFERENCED_PARAMETER(inFixedValues);
    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);
    if (classifyOut->rights & FWPS_RIGHT_ACTION_WRITE) {
        classifyOut->actionType = FWP_ACTION_PERMIT;
    }
}

static NTSTATUS NTAPI
FwNotify(FWPS_CALLOUT_NOTIFY_TYPE notifyType, const GUID *filterKey, FWPS_FILTER3 *filter)
{
    UNREFERENCED_PARAMETER(notifyType);
    UNREFERENCED_PARAMETER(filterKey);
    UNREFERENCED_PARAMETER(filter);
    return STATUS_SUCCESS;
}

static NTSTATUS
FwRegisterCallouts(PDEVICE_OBJECT DeviceObject)
{
    FWPS_CALLOUT3 callout = { 0 };

    callout.calloutKey = FwCalloutKey;
    callout.classifyFn = FwClassify;
    callout.notifyFn = FwNotify;
    return FwpsCalloutRegister3(DeviceObject, &callout, &FwCalloutId);   // expect: WFP001
}

_Use_decl_annotations_
NTSTATUS
FwDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
FwUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    FwpsCalloutUnregisterById(FwCalloutId);
    IoDeleteDevice(FwDevice);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(                                            // expect-entry: wdm, wfp-callout
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = FwRegisterCallouts(FwDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, &FwDeviceName, FILE_DEVICE_NETWORK, FILE_DEVICE_SECURE_OPEN,
                            FALSE, &FwDevice);
    if (!NT_SUCCESS(status)) {
        FwpsCalloutUnregisterById(FwCalloutId);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = FwDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = FwDispatch;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = FwDispatch;
    DriverObject->DriverUnload = FwUnload;
    return STATUS_SUCCESS;
}
