/*++
Module Name:
    control.c

Abstract:
    Control device (\\.\RegTrack) and its IOCTLs.
--*/
#include "regtrack.h"

NTSTATUS
RtControlDeviceCreate(_In_ WDFDRIVER Driver)
{
    DECLARE_CONST_UNICODE_STRING(ntName, RT_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, RT_DOS_NAME);
    PWDFDEVICE_INIT deviceInit = NULL;
    WDFDEVICE device = NULL;
    WDF_IO_QUEUE_CONFIG queueConfig;
    NTSTATUS status;

    PAGED_CODE();

    deviceInit = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (deviceInit == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(deviceInit, FALSE);
    WdfDeviceInitSetIoType(deviceInit, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(deviceInit, &ntName);
    if (!NT_SUCCESS(status)) {
        goto Error;
    }

    /* on success the framework takes deviceInit and sets it to NULL */
    status = WdfDeviceCreate(&deviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) {
        goto Error;
    }

    status = WdfDeviceCreateSymbolicLink(device, &dosName);
    if (!NT_SUCCESS(status)) {
        goto Error;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = RtEvtIoDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        goto Error;
    }

    WdfControlFinishInitializing(device);

    g_Rt.ControlDevice = device;
    return STATUS_SUCCESS;

Error:
    RT_LOG("control device setup failed 0x%08X", status);
    if (deviceInit != NULL) {
        WdfDeviceInitFree(deviceInit);
    }
    if (device != NULL) {
        WdfObjectDelete(device);
    }
    return status;
}

VOID
RtEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    PRT_COUNTERS out;
    PULONG pid;
    size_t info = 0;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_RT_GET_COUNTERS:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(RT_COUNTERS), (PVOID *)&out, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        out->RegSetValue    = InterlockedCompareExchange64(&g_Rt.Counters.RegSetValue, 0, 0);
        out->RegCreateKey   = InterlockedCompareExchange64(&g_Rt.Counters.RegCreateKey, 0, 0);
        out->RegDeleteKey   = InterlockedCompareExchange64(&g_Rt.Counters.RegDeleteKey, 0, 0);
        out->ProcessCreates = InterlockedCompareExchange64(&g_Rt.Counters.ProcessCreates, 0, 0);
        out->ProcessExits   = InterlockedCompareExchange64(&g_Rt.Counters.ProcessExits, 0, 0);
        out->ThreadCreates  = InterlockedCompareExchange64(&g_Rt.Counters.ThreadCreates, 0, 0);
        out->ThreadExits    = InterlockedCompareExchange64(&g_Rt.Counters.ThreadExits, 0, 0);
        info = sizeof(RT_COUNTERS);
        break;

    case IOCTL_RT_SET_PID_FILTER:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(ULONG), (PVOID *)&pid, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        InterlockedExchange(&g_Rt.PidFilter, (LONG)*pid);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
