/*
 * device.c - control device and its one ioctl
 */
#include "imgnotify.h"

static EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL ImgEvtIoDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, ImgCreateControlDevice)
#endif

NTSTATUS
ImgCreateControlDevice(
    _In_ WDFDRIVER Driver
    )
{
    NTSTATUS            status;
    PWDFDEVICE_INIT     init;
    WDFDEVICE           device;
    WDF_IO_QUEUE_CONFIG qcfg;
    UNICODE_STRING      ntName;

    PAGED_CODE();

    RtlInitUnicodeString(&ntName, IMG_DEVICE_NAME);

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (init == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);
    WdfDeviceInitSetExclusive(init, FALSE);

    status = WdfDeviceInitAssignName(init, &ntName);
    if (NT_SUCCESS(status)) {
        status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device);
    }
    if (!NT_SUCCESS(status)) {
        IERR("control device create 0x%08X", status);
        WdfDeviceInitFree(init);
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qcfg, WdfIoQueueDispatchSequential);
    qcfg.EvtIoDeviceControl = ImgEvtIoDeviceControl;

    status = WdfIoQueueCreate(device, &qcfg, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        IERR("queue 0x%08X", status);
        WdfObjectDelete(device);
        return status;
    }

    /* same link name the WDM build used, tools depend on it */
    RtlInitUnicodeString(&g_Img.LinkName, IMG_LINK_NAME);
    status = IoCreateSymbolicLink(&g_Img.LinkName, &ntName);
    if (!NT_SUCCESS(status)) {
        IERR("IoCreateSymbolicLink 0x%08X", status);
        WdfObjectDelete(device);
        return status;
    }
    g_Img.LinkCreated = TRUE;

    WdfControlFinishInitializing(device);
    g_Img.Control = device;
    return STATUS_SUCCESS;
}

static VOID
ImgEvtIoDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    NTSTATUS  status;
    PVOID     out;
    size_t    len;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    if (IoControlCode != IOCTL_IMG_READ) {
        WdfRequestComplete(Request, STATUS_INVALID_DEVICE_REQUEST);
        return;
    }

    status = WdfRequestRetrieveOutputBuffer(Request, sizeof(IMG_RECORD), &out, &len);
    if (NT_SUCCESS(status)) {
        info = (ULONG_PTR)ImgCopyHistory((PIMG_RECORD)out, (ULONG)(len / sizeof(IMG_RECORD)))
               * sizeof(IMG_RECORD);
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
