/*
 * device.c - control device for KmdfEcho
 */
#include "driver.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, EchoCreateControlDevice)
#endif

NTSTATUS
EchoCreateControlDevice(
    _In_ WDFDRIVER Driver
    )
{
    PWDFDEVICE_INIT           pInit = NULL;
    WDFDEVICE                 controlDevice = NULL;
    WDF_OBJECT_ATTRIBUTES     attributes;
    WDF_IO_QUEUE_CONFIG       ioQueueConfig;
    WDF_FILEOBJECT_CONFIG     fileConfig;
    WDFQUEUE                  queue;
    PCONTROL_DEVICE_EXTENSION ext;
    NTSTATUS                  status;

    DECLARE_CONST_UNICODE_STRING(ntDeviceName, ECHO_NT_DEVICE_NAME);
    DECLARE_CONST_UNICODE_STRING(symbolicLinkName, ECHO_DOS_DEVICE_NAME);

    PAGED_CODE();

    ECHO_PRINT(("KmdfEcho: creating control device\n"));

    //
    // admins + system full, everybody else read/write so the app works
    // without elevation
    //
    pInit = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R);
    if (pInit == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto Error;
    }

    WdfDeviceInitSetExclusive(pInit, FALSE);
    WdfDeviceInitSetIoType(pInit, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(pInit, &ntDeviceName);
    if (!NT_SUCCESS(status)) {
        goto Error;
    }

    // we only need cleanup, to drop the event when the app closes
    WDF_FILEOBJECT_CONFIG_INIT(&fileConfig,
                               WDF_NO_EVENT_CALLBACK,
                               WDF_NO_EVENT_CALLBACK,
                               EchoEvtFileCleanup);
    WdfDeviceInitSetFileObjectConfig(pInit, &fileConfig, WDF_NO_OBJECT_ATTRIBUTES);

    // REGISTER_EVENT has to run in the app's context for the handle lookup
    WdfDeviceInitSetIoInCallerContextCallback(pInit, EchoEvtIoInCallerContext);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, CONTROL_DEVICE_EXTENSION);

    status = WdfDeviceCreate(&pInit, &attributes, &controlDevice);
    if (!NT_SUCCESS(status)) {
        ECHO_PRINT(("KmdfEcho: WdfDeviceCreate failed 0x%x\n", status));
        return status;
    }

    ext = ControlGetData(controlDevice);
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Buffer = g_EchoBuffer;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = controlDevice;
    status = WdfSpinLockCreate(&attributes, &ext->Lock);
    if (!NT_SUCCESS(status)) {
        goto Error;
    }

    status = WdfDeviceCreateSymbolicLink(controlDevice, &symbolicLinkName);
    if (!NT_SUCCESS(status)) {
        ECHO_PRINT(("KmdfEcho: WdfDeviceCreateSymbolicLink failed 0x%x\n", status));
        goto Error;
    }

    //
    // one sequential default queue, we don't care about speed
    //
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&ioQueueConfig, WdfIoQueueDispatchSequential);
    ioQueueConfig.EvtIoRead          = EchoEvtIoRead;
    ioQueueConfig.EvtIoWrite         = EchoEvtIoWrite;
    ioQueueConfig.EvtIoDeviceControl = EchoEvtIoDeviceControl;

    status = WdfIoQueueCreate(controlDevice, &ioQueueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        ECHO_PRINT(("KmdfEcho: WdfIoQueueCreate failed 0x%x\n", status));
        goto Error;
    }

    g_ControlDevice = controlDevice;
    ECHO_PRINT(("KmdfEcho: control device %p ready\n", controlDevice));
    return STATUS_SUCCESS;

Error:
    if (pInit != NULL) {
        WdfDeviceInitFree(pInit);
    }
    if (controlDevice != NULL) {
        WdfObjectDelete(controlDevice);
    }
    return status;
}

//
// app closed its handle: if it was the one that registered the event,
// drop our reference
//
VOID
EchoEvtFileCleanup(
    _In_ WDFFILEOBJECT FileObject
    )
{
    PCONTROL_DEVICE_EXTENSION ext = ControlGetData(WdfFileObjectGetDevice(FileObject));
    PKEVENT old = NULL;

    WdfSpinLockAcquire(ext->Lock);
    if (ext->EventOwner == FileObject) {
        old = ext->UserEvent;
        ext->UserEvent  = NULL;
        ext->EventOwner = NULL;
    }
    WdfSpinLockRelease(ext->Lock);

    if (old != NULL) {
        ObDereferenceObject(old);
    }
}
