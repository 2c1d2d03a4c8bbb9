#include "hidflt.h"

WDFDEVICE g_ControlDevice = NULL;

VOID
HidFltEvtControlIoctl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode)
{
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    PHIDFLT_STATS out = NULL;
    size_t info = 0;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(InputBufferLength);

    if (IoControlCode == IOCTL_HIDFLT_GET_STATS) {
        if (OutputBufferLength < sizeof(HIDFLT_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            status = WdfRequestRetrieveOutputBuffer(Request, sizeof(*out), (PVOID*)&out, NULL);
            if (NT_SUCCESS(status)) {
                out->Reads = g_Stats.Reads;
                out->Ioctls = g_Stats.Ioctls;
                out->Attached = g_Stats.Attached;
                info = sizeof(*out);
            }
        }
    }
    WdfRequestCompleteWithInformation(Request, status, info);
}

//
// Control device so the user-mode tool can talk to us even though the
// filter devices themselves sit anonymously in the HID stacks.
//
NTSTATUS
HidFltCreateControlDevice(_In_ WDFDRIVER Driver)
{
    NTSTATUS status;
    PWDFDEVICE_INIT init;
    WDFDEVICE control;
    WDFQUEUE queue;
    WDF_IO_QUEUE_CONFIG queueConfig;
    DECLARE_CONST_UNICODE_STRING(ntName, HIDFLT_CTL_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, HIDFLT_CTL_LINK);

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R);
    if (init == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(init, FALSE);

    status = WdfDeviceInitAssignName(init, &ntName);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &control);
    if (!NT_SUCCESS(status)) {
        TRACE(DPFLTR_ERROR_LEVEL, "control WdfDeviceCreate 0x%x", status);
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(control, &dosName);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(control);
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = HidFltEvtControlIoctl;

    status = WdfIoQueueCreate(control, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(control);
        return status;
    }

    g_ControlDevice = control;
    TRACE(DPFLTR_INFO_LEVEL, "control device ready");
    return STATUS_SUCCESS;
}
