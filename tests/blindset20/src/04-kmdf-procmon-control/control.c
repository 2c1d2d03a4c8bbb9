/*++

Copyright (c) Woodgrove Endpoint.  All rights reserved.

Module Name:

    control.c

Abstract:

    The control device: creation, file object callbacks, IOCTL dispatch
    and the inverted-call wait queue.

Environment:

    Kernel mode, KMDF.

--*/

#include "pm.h"

typedef struct _PM_CONTROL_CONTEXT {
    ULONG   Reserved;
} PM_CONTROL_CONTEXT, *PPM_CONTROL_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(PM_CONTROL_CONTEXT, PmGetControlContext)

EVT_WDF_DEVICE_FILE_CREATE PmEvtFileCreate;
EVT_WDF_FILE_CLOSE PmEvtFileClose;
EVT_WDF_DEVICE_SHUTDOWN_NOTIFICATION PmEvtShutdown;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL PmEvtIoDeviceControl;

static
NTSTATUS
PmCompleteReadFromStore(
    _In_ WDFREQUEST Request,
    _Out_ size_t *BytesReturned
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, PmControlDeviceCreate)
#pragma alloc_text(PAGE, PmEvtFileCreate)
#pragma alloc_text(PAGE, PmEvtFileClose)
#pragma alloc_text(PAGE, PmEvtShutdown)
#endif


_Use_decl_annotations_
NTSTATUS
PmControlDeviceCreate(
    WDFDRIVER Driver,
    WDFDEVICE *ControlDevice,
    WDFQUEUE *WaitQueue
    )
/*++

Routine Description:

    Builds the named control device, its symbolic link and two queues.
    The caller calls WdfControlFinishInitializing.

    On failure nothing is left behind: the device-init structure is
    freed if WdfDeviceCreate never consumed it, and a created device is
    deleted (which also removes the link and the queues).

--*/
{
    NTSTATUS status;
    PWDFDEVICE_INIT deviceInit = NULL;
    WDFDEVICE device = NULL;
    WDFQUEUE queue;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_FILEOBJECT_CONFIG fileConfig;
    WDF_IO_QUEUE_CONFIG queueConfig;

    DECLARE_CONST_UNICODE_STRING(ntName, PM_NT_DEVICE_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, PM_DOS_DEVICE_NAME);

    PAGED_CODE();

    *ControlDevice = NULL;
    *WaitQueue = NULL;

    //
    // SYSTEM and administrators only.
    //
    deviceInit = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (deviceInit == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto Exit;
    }

    WdfDeviceInitSetDeviceType(deviceInit, FILE_DEVICE_PMON);
    WdfDeviceInitSetCharacteristics(deviceInit, FILE_DEVICE_SECURE_OPEN, FALSE);
    WdfDeviceInitSetExclusive(deviceInit, FALSE);
    WdfDeviceInitSetIoType(deviceInit, WdfDeviceIoBuffered);

    NT_CHECK(WdfDeviceInitAssignName(deviceInit, &ntName));

    WdfControlDeviceInitSetShutdownNotification(deviceInit, PmEvtShutdown, WdfDeviceShutdown);

    WDF_FILEOBJECT_CONFIG_INIT(&fileConfig, PmEvtFileCreate, PmEvtFileClose, WDF_NO_EVENT_CALLBACK);
    WdfDeviceInitSetFileObjectConfig(deviceInit, &fileConfig, WDF_NO_OBJECT_ATTRIBUTES);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, PM_CONTROL_CONTEXT);

    //
    // On success WdfDeviceCreate takes ownership of deviceInit and sets
    // it to NULL.
    //
    NT_CHECK(WdfDeviceCreate(&deviceInit, &attributes, &device));

    NT_CHECK(WdfDeviceCreateSymbolicLink(device, &dosName));

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoDeviceControl = PmEvtIoDeviceControl;
    queueConfig.PowerManaged = WdfFalse;

    NT_CHECK(WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue));

    WDF_IO_QUEUE_CONFIG_INIT(&queueConfig, WdfIoQueueDispatchManual);
    queueConfig.PowerManaged = WdfFalse;

    NT_CHECK(WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WaitQueue));

    *ControlDevice = device;
    device = NULL;

Exit:

    if (deviceInit != NULL) {
        WdfDeviceInitFree(deviceInit);
    }

    if (device != NULL) {
        WdfObjectDelete(device);
        *WaitQueue = NULL;
    }

    return status;
}


_Use_decl_annotations_
VOID
PmEvtFileCreate(
    WDFDEVICE Device,
    WDFREQUEST Request,
    WDFFILEOBJECT FileObject
    )
{
    PAGED_CODE();

    UNREFERENCED_PARAMETER(Device);
    UNREFERENCED_PARAMETER(FileObject);

    if (g_Pm.ShuttingDown) {
        WdfRequestComplete(Request, STATUS_DELETE_PENDING);
        return;
    }

    InterlockedIncrement(&g_Pm.OpenHandles);
    WdfRequestComplete(Request, STATUS_SUCCESS);
}


_Use_decl_annotations_
VOID
PmEvtFileClose(
    WDFFILEOBJECT FileObject
    )
{
    PAGED_CODE();

    UNREFERENCED_PARAMETER(FileObject);

    InterlockedDecrement(&g_Pm.OpenHandles);
}


_Use_decl_annotations_
VOID
PmEvtShutdown(
    WDFDEVICE Device
    )
/*++

Routine Description:

    System shutdown: stop recording.  The callbacks stay registered (the
    driver is not unloaded at shutdown) but return immediately.

--*/
{
    PAGED_CODE();

    UNREFERENCED_PARAMETER(Device);

    InterlockedExchange(&g_Pm.ShuttingDown, 1);
}


static
NTSTATUS
PmCompleteReadFromStore(
    _In_ WDFREQUEST Request,
    _Out_ size_t *BytesReturned
    )
{
    NTSTATUS status;
    PPM_EVENT events;
    size_t length;
    ULONG count;

    *BytesReturned = 0;

    status = WdfRequestRetrieveOutputBuffer(Request, sizeof(PM_EVENT), (PVOID *)&events, &length);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    count = PmEventStorePop(&g_Pm.Store, events, (ULONG)(length / sizeof(PM_EVENT)));

    *BytesReturned = (size_t)count * sizeof(PM_EVENT);
    return STATUS_SUCCESS;
}


_Use_decl_annotations_
VOID
PmEvtIoDeviceControl(
    WDFQUEUE Queue,
    WDFREQUEST Request,
    size_t OutputBufferLength,
    size_t InputBufferLength,
    ULONG IoControlCode
    )
{
    NTSTATUS status;
    size_t bytes = 0;
    PPM_STATS stats;
    PM_STATS snapshot;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {

    case IOCTL_PM_READ_EVENTS:
        status = PmCompleteReadFromStore(Request, &bytes);
        break;

    case IOCTL_PM_WAIT_EVENTS:

        if (OutputBufferLength < sizeof(PM_EVENT)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }

        PmEventStoreQueryStats(&g_Pm.Store, &snapshot);

        if (snapshot.Pending != 0) {
            status = PmCompleteReadFromStore(Request, &bytes);
            break;
        }

        status = WdfRequestForwardToIoQueue(Request, g_Pm.WaitQueue);
        if (NT_SUCCESS(status)) {
            return;
        }
        break;

    case IOCTL_PM_GET_STATS:

        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(PM_STATS), (PVOID *)&stats, NULL);
        if (NT_SUCCESS(status)) {
            PmEventStoreQueryStats(&g_Pm.Store, stats);
            bytes = sizeof(PM_STATS);
        }
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, bytes);
}


_Use_decl_annotations_
VOID
PmControlSignalWaiters(
    VOID
    )
/*++

Routine Description:

    Completes one parked wait request with whatever is in the ring.
    Called by the notify routines after a push.

--*/
{
    WDFREQUEST request;
    NTSTATUS status;
    size_t bytes;
    WDFQUEUE waitQueue = g_Pm.WaitQueue;

    if (waitQueue == NULL) {
        return;
    }

    status = WdfIoQueueRetrieveNextRequest(waitQueue, &request);
    if (!NT_SUCCESS(status)) {
        return;
    }

    status = PmCompleteReadFromStore(request, &bytes);
    WdfRequestCompleteWithInformation(request, status, bytes);
}
