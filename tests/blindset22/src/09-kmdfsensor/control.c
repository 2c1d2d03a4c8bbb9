/*++

Copyright (c) Northwind Instruments. All rights reserved.

Module Name:

    control.c

Abstract:

    The \\.\NwSenseCtl control device.

    A control device is not part of any PnP stack, so the framework never
    removes it on its own; a PnP driver that owns one must delete it before
    the driver can unload. We tie its lifetime to the set of probes: the first
    probe that attaches creates it, the last probe that goes away deletes it.

Environment:

    Kernel mode only.

--*/

#include "driver.h"

EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL NwsEvtControlIoDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, NwsControlAttachProbe)
#pragma alloc_text(PAGE, NwsControlDetachProbe)
#endif

_Use_decl_annotations_
VOID
NwsEvtControlIoDeviceControl(
    WDFQUEUE Queue,
    WDFREQUEST Request,
    size_t OutputBufferLength,
    size_t InputBufferLength,
    ULONG IoControlCode
    )
{
    PNWS_CONTROL_CONTEXT ctlCtx = NwsGetControlContext(WdfIoQueueGetDevice(Queue));
    PNWS_DRIVER_CONTEXT drvCtx = ctlCtx->DriverContext;
    PNWSENSE_STATS stats = NULL;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    if (IoControlCode != IOCTL_NWSENSE_CTL_GET_STATS) {
        WdfRequestComplete(Request, STATUS_INVALID_DEVICE_REQUEST);
        return;
    }

    status = WdfRequestRetrieveOutputBuffer(Request, sizeof(NWSENSE_STATS), (PVOID *)&stats, NULL);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    //
    // The queue is sequential and runs at PASSIVE_LEVEL, so taking the wait
    // lock here is fine.
    //
    WdfWaitLockAcquire(drvCtx->ControlLock, NULL);
    stats->ProbeCount = WdfCollectionGetCount(drvCtx->Probes);
    WdfWaitLockRelease(drvCtx->ControlLock);

    stats->SampleIntervalMs = drvCtx->SampleIntervalMs;
    stats->TotalSamples = InterlockedCompareExchange64(&drvCtx->TotalSamples, 0, 0);

    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, sizeof(NWSENSE_STATS));
}

static
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
NwsControlDeviceCreate(
    _In_ PNWS_DRIVER_CONTEXT DriverContext,
    _Out_ WDFDEVICE *ControlDevice
    )
/*++

Routine Description:

    Creates the control device. Until WdfDeviceCreate succeeds we own the
    WDFDEVICE_INIT from WdfControlDeviceInitAllocate and must free it
    ourselves; after that, deleting the WDFDEVICE releases everything.

--*/
{
    NTSTATUS status;
    PWDFDEVICE_INIT init = NULL;
    WDFDEVICE device = NULL;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    DECLARE_CONST_UNICODE_STRING(ntName, NWSENSE_CONTROL_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, NWSENSE_CONTROL_DOS_NAME);

    *ControlDevice = NULL;

    init = WdfControlDeviceInitAllocate(WdfGetDriver(),
                                        &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R_RES_R);
    if (init == NULL) {
        NWS_ERROR("WdfControlDeviceInitAllocate failed");
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(init, FALSE);
    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    IF_FAILED_GOTO(status, WdfDeviceInitAssignName(init, &ntName), FreeInit);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, NWS_CONTROL_CONTEXT);

    //
    // On success WdfDeviceCreate sets init to NULL; on failure it leaves it
    // for us to free.
    //
    IF_FAILED_GOTO(status, WdfDeviceCreate(&init, &attributes, &device), FreeInit);

    NwsGetControlContext(device)->DriverContext = DriverContext;

    IF_FAILED_GOTO(status, WdfDeviceCreateSymbolicLink(device, &dosName), DeleteDevice);

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = NwsEvtControlIoDeviceControl;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ExecutionLevel = WdfExecutionLevelPassive;
    IF_FAILED_GOTO(status,
                   WdfIoQueueCreate(device, &queueConfig, &attributes, WDF_NO_HANDLE),
                   DeleteDevice);

    WdfControlFinishInitializing(device);

    *ControlDevice = device;
    return STATUS_SUCCESS;

DeleteDevice:
    WdfObjectDelete(device);
    return status;

FreeInit:
    if (init != NULL) {
        WdfDeviceInitFree(init);
    }
    return status;
}

_Use_decl_annotations_
NTSTATUS
NwsControlAttachProbe(
    PNWS_DRIVER_CONTEXT DriverContext,
    WDFDEVICE Probe
    )
{
    NTSTATUS status;
    WDFDEVICE control = NULL;

    PAGED_CODE();

    WdfWaitLockAcquire(DriverContext->ControlLock, NULL);

    if (DriverContext->ControlDevice == NULL) {
        status = NwsControlDeviceCreate(DriverContext, &control);
        if (!NT_SUCCESS(status)) {
            goto Unlock;
        }
        DriverContext->ControlDevice = control;
    }

    status = WdfCollectionAdd(DriverContext->Probes, Probe);
    if (!NT_SUCCESS(status)) {
        NWS_ERROR("WdfCollectionAdd failed 0x%08X", status);

        //
        // If we just created the control device for this probe and nobody
        // else is in the collection, take it down again.
        //
        if (control != NULL && WdfCollectionGetCount(DriverContext->Probes) == 0) {
            WdfObjectDelete(control);
            DriverContext->ControlDevice = NULL;
        }
    }

Unlock:
    WdfWaitLockRelease(DriverContext->ControlLock);
    return status;
}

_Use_decl_annotations_
VOID
NwsControlDetachProbe(
    PNWS_DRIVER_CONTEXT DriverContext,
    WDFDEVICE Probe
    )
{
    ULONG count;
    ULONG i;
    WDFDEVICE toDelete = NULL;

    PAGED_CODE();

    WdfWaitLockAcquire(DriverContext->ControlLock, NULL);

    //
    // The probe may not be in the collection if NwsEvtDeviceAdd failed
    // before (or inside) NwsControlAttachProbe. Look it up by index instead
    // of WdfCollectionRemove, which expects the item to be present.
    //
    count = WdfCollectionGetCount(DriverContext->Probes);
    for (i = 0; i < count; i++) {
        if (WdfCollectionGetItem(DriverContext->Probes, i) == (WDFOBJECT)Probe) {
            WdfCollectionRemoveItem(DriverContext->Probes, i);
            break;
        }
    }

    if (WdfCollectionGetCount(DriverContext->Probes) == 0 &&
        DriverContext->ControlDevice != NULL) {
        toDelete = DriverContext->ControlDevice;
        DriverContext->ControlDevice = NULL;
    }

    WdfWaitLockRelease(DriverContext->ControlLock);

    if (toDelete != NULL) {
        WdfObjectDelete(toDelete);
        NWS_INFO("last probe gone, control device deleted");
    }
}
