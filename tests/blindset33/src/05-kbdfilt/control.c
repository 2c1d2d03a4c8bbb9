/*
 * control.c - the sideband control device. Created with the first
 * filtered keyboard, deleted when the last one goes away (see
 * KfEvtDeviceCleanup in driver.c).
 */
#include "kbdfilt.h"

static WDFDEVICE g_ControlDevice = NULL;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, KfCreateControlDevice)
#pragma alloc_text(PAGE, KfDeleteControlDevice)
#endif

NTSTATUS
KfCreateControlDevice(_In_ WDFDEVICE Device)
{
    PWDFDEVICE_INIT pInit;
    WDFDEVICE controlDevice = NULL;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES queueAttributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFQUEUE queue;
    BOOLEAN firstDevice = FALSE;
    NTSTATUS status;
    DECLARE_CONST_UNICODE_STRING(ntName, KF_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(symbolicLinkName, KF_DOS_NAME);

    PAGED_CODE();

    WdfWaitLockAcquire(g_FilterDevicesLock, NULL);
    if (WdfCollectionGetCount(g_FilterDevices) == 1) {
        firstDevice = TRUE;
    }
    WdfWaitLockRelease(g_FilterDevicesLock);

    if (!firstDevice) {
        return STATUS_SUCCESS;
    }

    pInit = WdfControlDeviceInitAllocate(WdfDeviceGetDriver(Device),
                                         &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R);
    if (pInit == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(pInit, FALSE);

    status = WdfDeviceInitAssignName(pInit, &ntName);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(pInit);
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, CONTROL_DEVICE_EXTENSION);

    status = WdfDeviceCreate(&pInit, &attributes, &controlDevice);
    if (!NT_SUCCESS(status)) {
        KF_LOG("WdfDeviceCreate(control) failed 0x%x", status);
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(controlDevice, &symbolicLinkName);
    if (!NT_SUCCESS(status)) {
        KF_LOG("WdfDeviceCreateSymbolicLink failed 0x%x", status);
        WdfObjectDelete(controlDevice);
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = KfEvtControlIoDeviceControl;

    WDF_OBJECT_ATTRIBUTES_INIT(&queueAttributes);
    queueAttributes.ExecutionLevel = WdfExecutionLevelPassive;

    status = WdfIoQueueCreate(controlDevice, &queueConfig, &queueAttributes, &queue);
    if (!NT_SUCCESS(status)) {
        KF_LOG("WdfIoQueueCreate(control) failed 0x%x", status);
        WdfObjectDelete(controlDevice);
        return status;
    }

    g_ControlDevice = controlDevice;
    KF_LOG("control device %wZ created", &ntName);
    return STATUS_SUCCESS;
}

VOID
KfDeleteControlDevice(VOID)
{
    PAGED_CODE();

    if (g_ControlDevice != NULL) {
        WdfObjectDelete(g_ControlDevice);
        g_ControlDevice = NULL;
    }
}

VOID
KfEvtControlIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    PKBDFILT_STATS out;
    size_t info = 0;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_KBDFILT_GET_STATS:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(KBDFILT_STATS), (PVOID *)&out, NULL);
        if (NT_SUCCESS(status)) {
            out->KeyDowns = InterlockedCompareExchange64(&g_Stats.KeyDowns, 0, 0);
            out->KeyUps = InterlockedCompareExchange64(&g_Stats.KeyUps, 0, 0);
            out->AttachedKeyboards = g_Stats.AttachedKeyboards;
            info = sizeof(KBDFILT_STATS);
        }
        break;

    case IOCTL_KBDFILT_RESET:
        InterlockedExchange64(&g_Stats.KeyDowns, 0);
        InterlockedExchange64(&g_Stats.KeyUps, 0);
        status = STATUS_SUCCESS;
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
