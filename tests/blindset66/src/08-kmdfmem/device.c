//
// device.c - control device creation
//
#include "driver.h"
#include "device.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text (PAGE, KmemCreateControlDevice)
#endif

static VOID
KmemEvtFileClose(
    _In_ WDFFILEOBJECT FileObject
    )
{
    PCONTROL_DEVICE_CONTEXT ctx = ControlGetContext(WdfFileObjectGetDevice(FileObject));

    TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_DEVICE, "close: %lu reads, %lu writes so far",
                ctx->Reads, ctx->Writes);
}

NTSTATUS
KmemCreateControlDevice(
    _In_ WDFDRIVER Driver
    )
{
    NTSTATUS status;
    PWDFDEVICE_INIT pInit = NULL;
    WDFDEVICE controlDevice = NULL;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_FILEOBJECT_CONFIG fileConfig;
    DECLARE_CONST_UNICODE_STRING(ntDeviceName, KMEM_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(symbolicLinkName, KMEM_DOS_NAME);

    PAGED_CODE();

    //
    // admins + SYSTEM only, the trainer runs elevated anyway
    //
    pInit = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (pInit == NULL) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfControlDeviceInitAllocate failed");
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(pInit, FALSE);
    WdfDeviceInitSetIoType(pInit, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(pInit, &ntDeviceName);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfDeviceInitAssignName %!STATUS!", status);
        goto FreeInit;
    }

    WDF_FILEOBJECT_CONFIG_INIT(&fileConfig, WDF_NO_EVENT_CALLBACK, KmemEvtFileClose, WDF_NO_EVENT_CALLBACK);
    WdfDeviceInitSetFileObjectConfig(pInit, &fileConfig, WDF_NO_OBJECT_ATTRIBUTES);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, CONTROL_DEVICE_CONTEXT);

    status = WdfDeviceCreate(&pInit, &attributes, &controlDevice);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfDeviceCreate %!STATUS!", status);
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(controlDevice, &symbolicLinkName);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfDeviceCreateSymbolicLink %!STATUS!", status);
        goto DeleteDevice;
    }

    status = KmemQueueInitialize(controlDevice);
    if (!NT_SUCCESS(status)) {
        goto DeleteDevice;
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "control device %p ready", controlDevice);
    return STATUS_SUCCESS;

FreeInit:
    if (pInit != NULL) {
        WdfDeviceInitFree(pInit);
    }
    return status;

DeleteDevice:
    // the symbolic link is a child of the device and goes with it
    WdfObjectDelete(controlDevice);
    return status;
}
