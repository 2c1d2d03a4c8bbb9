/*
 * control.c - \\.\NotifyHub
 */
#include "notifyhub.h"

static EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL NhEvtIoDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, NhControlCreate)
#endif

NTSTATUS
NhControlCreate(
    _In_ WDFDRIVER Driver
    )
{
    NTSTATUS            status;
    PWDFDEVICE_INIT     init;
    WDFDEVICE           device = NULL;
    WDF_IO_QUEUE_CONFIG qcfg;

    DECLARE_CONST_UNICODE_STRING(ntName,  NH_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, NH_DOS_NAME);

    PAGED_CODE();

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R_RES_R);
    if (init == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    NH_CHECK(WdfDeviceInitAssignName(init, &ntName), free_init);
    NH_CHECK(WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device), free_init);

    /* init now belongs to the framework */

    NH_CHECK(WdfDeviceCreateSymbolicLink(device, &dosName), delete_device);

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qcfg, WdfIoQueueDispatchParallel);
    qcfg.EvtIoDeviceControl = NhEvtIoDeviceControl;
    NH_CHECK(WdfIoQueueCreate(device, &qcfg, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE), delete_device);

    WdfControlFinishInitializing(device);
    g_Nh.Control = device;
    return STATUS_SUCCESS;

delete_device:
    WdfObjectDelete(device);
    return status;

free_init:
    WdfDeviceInitFree(init);
    return status;
}

static VOID
NhEvtIoDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    NTSTATUS     status = STATUS_INVALID_DEVICE_REQUEST;
    PNH_SNAPSHOT out;
    ULONG_PTR    info = 0;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    if (IoControlCode == IOCTL_NH_SNAPSHOT) {
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(*out), (PVOID*)&out, NULL);
        if (NT_SUCCESS(status)) {
            NhSnapshot(out);
            info = sizeof(*out);
        }
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
