/*
 * calloutsteps.c - the port-knock callout driver of calloutorder.c, whose
 * unload routine tears down in two steps, each a helper: the first
 * unregisters both callouts, the second deletes the device object they were
 * registered with. Conforming: no WFP002.
 */

#include <ntddk.h>
#include <ndis.h>
#include <fwpsk.h>
#include <fwpmk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD KnockUnload;

/* {3a4b5c6d-7e8f-4091-a2b3-c4d5e6f7a8b9} */
static const GUID KnockKeyV4 = { 0x3a4b5c6d, 0x7e8f, 0x4091, { 0xa2, 0xb3, 0xc4, 0xd5, 0xe6, 0xf7, 0xa8, 0xb9 } };
/* {2f3a4b5c-6d7e-4f80-9bac-1d2e3f4a5b6c} */
static const GUID KnockKeyV6 = { 0x2f3a4b5c, 0x6d7e, 0x4f80, { 0x9b, 0xac, 0x1d, 0x2e, 0x3f, 0x4a, 0x5b, 0x6c } };

static PDEVICE_OBJECT KnockDevice;
static UINT32 KnockIdV4;
static UINT32 KnockIdV6;

static void NTAPI
KnockClassify(const FWPS_INCOMING_VALUES0 *inFixedValues, const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues,
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
KnockNotify(FWPS_CALLOUT_NOTIFY_TYPE notifyType, const GUID *filterKey, FWPS_FILTER3 *filter)
{
    UNREFERENCED_PARAMETER(notifyType);
    UNREFERENCED_PARAMETER(filterKey);
    UNREFERENCED_PARAMETER(filter);
    return STATUS_SUCCESS;
}

/* A callout still classifying is busy: try again for about a second. */
static VOID
KnockUnregister(UINT32 id)
{
    LARGE_INTEGER pause;

    pause.QuadPart = -200000;
    for (int attempt = 0; attempt < 50; attempt++) {
        if (FwpsCalloutUnregisterById0(id) != STATUS_DEVICE_BUSY) {
            return;
        }
        KeDelayExecutionThread(KernelMode, FALSE, &pause);
    }
}

static VOID
KnockUnregisterAll(VOID)
{
    KnockUnregister(KnockIdV6);
    KnockUnregister(KnockIdV4);
}

static VOID
KnockRemoveDevice(VOID)
{
    IoDeleteDevice(KnockDevice);
    KnockDevice = NULL;
}

_Use_decl_annotations_
VOID
KnockUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    KnockUnregisterAll();
    KnockRemoveDevice();
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: wdm, wfp-callout
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_NETWORK, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &KnockDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FwpsCalloutRegister3(KnockDevice, &(FWPS_CALLOUT3){ KnockKeyV4, 0, KnockClassify, KnockNotify, NULL },
                                  &KnockIdV4);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(KnockDevice);
        return status;
    }

    status = FwpsCalloutRegister3(KnockDevice, &(FWPS_CALLOUT3){ KnockKeyV6, 0, KnockClassify, KnockNotify, NULL },
                                  &KnockIdV6);
    if (!NT_SUCCESS(status)) {
        KnockUnregister(KnockIdV4);
        IoDeleteDevice(KnockDevice);
        return status;
    }

    DriverObject->DriverUnload = KnockUnload;
    return STATUS_SUCCESS;
}
