/*++
    echo.c

    Non-PnP KMDF driver exposing one control device. Whatever is written
    to \\.\KmdfEcho is kept in the device context and returned by ReadFile.
    Based on the NONPNP sample layout, trimmed down.
--*/
#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>
#include "echo.h"

static WDFDEVICE g_ControlDevice = NULL;

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS          status;
    WDF_DRIVER_CONFIG config;
    WDFDRIVER         driver;

    KdPrint(("KmdfEcho: DriverEntry\n"));

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = EchoEvtDriverUnload;
    config.DriverPoolTag = ECHO_POOL_TAG;

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             WDF_NO_OBJECT_ATTRIBUTES,
                             &config,
                             &driver);
    if (!NT_SUCCESS(status)) {
        KdPrint(("KmdfEcho: WdfDriverCreate failed 0x%x\n", status));
        return status;
    }

    status = EchoCreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        KdPrint(("KmdfEcho: EchoCreateControlDevice failed 0x%x\n", status));
        return status;
    }

    return status;
}

NTSTATUS
EchoCreateControlDevice(
    _In_ WDFDRIVER Driver
    )
{
    NTSTATUS                status;
    PWDFDEVICE_INIT         pInit = NULL;
    WDFDEVICE               controlDevice = NULL;
    WDF_OBJECT_ATTRIBUTES   attributes;
    WDF_IO_QUEUE_CONFIG     ioQueueConfig;
    WDFQUEUE                queue;
    PCONTROL_DEVICE_CONTEXT ctx;
    DECLARE_CONST_UNICODE_STRING(ntDeviceName, ECHO_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(symbolicLinkName, ECHO_DOS_NAME);

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

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, CONTROL_DEVICE_CONTEXT);

    status = WdfDeviceCreate(&pInit, &attributes, &controlDevice);
    if (!NT_SUCCESS(status)) {
        goto Error;
    }

    ctx = ControlGetContext(controlDevice);
    ctx->MessageLength = 0;
    ctx->WriteCount = 0;
    ctx->ReadCount = 0;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = controlDevice;
    status = WdfSpinLockCreate(&attributes, &ctx->Lock);
    if (!NT_SUCCESS(status)) {
        goto Error;
    }

    status = WdfDeviceCreateSymbolicLink(controlDevice, &symbolicLinkName);
    if (!NT_SUCCESS(status)) {
        goto Error;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&ioQueueConfig, WdfIoQueueDispatchSequential);
    ioQueueConfig.EvtIoRead          = EchoEvtIoRead;
    ioQueueConfig.EvtIoWrite         = EchoEvtIoWrite;
    ioQueueConfig.EvtIoDeviceControl = EchoEvtIoDeviceControl;

    status = WdfIoQueueCreate(controlDevice, &ioQueueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        goto Error;
    }

    // control devices have to be told they are ready
    WdfControlFinishInitializing(controlDevice);
    g_ControlDevice = controlDevice;

    return STATUS_SUCCESS;

Error:
    // WdfDeviceCreate NULLs pInit when it succeeds
    if (pInit != NULL) {
        WdfDeviceInitFree(pInit);
    }
    if (controlDevice != NULL) {
        WdfObjectDelete(controlDevice);
    }
    return status;
}

VOID
EchoEvtIoWrite(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     Length
    )
{
    NTSTATUS                status;
    PVOID                   inBuf;
    size_t                  bufLen;
    PCONTROL_DEVICE_CONTEXT ctx = ControlGetContext(WdfIoQueueGetDevice(Queue));

    if (Length > ECHO_MAX_MESSAGE) {
        WdfRequestComplete(Request, STATUS_INVALID_BUFFER_SIZE);
        return;
    }

    status = WdfRequestRetrieveInputBuffer(Request, 1, &inBuf, &bufLen);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    WdfSpinLockAcquire(ctx->Lock);
    RtlCopyMemory(ctx->Message, inBuf, bufLen);
    ctx->MessageLength = bufLen;
    ctx->WriteCount++;
    WdfSpinLockRelease(ctx->Lock);

    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, bufLen);
}

VOID
EchoEvtIoRead(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     Length
    )
{
    NTSTATUS                status;
    PVOID                   outBuf;
    size_t                  bufLen;
    size_t                  toCopy;
    PCONTROL_DEVICE_CONTEXT ctx = ControlGetContext(WdfIoQueueGetDevice(Queue));

    UNREFERENCED_PARAMETER(Length);

    status = WdfRequestRetrieveOutputBuffer(Request, 1, &outBuf, &bufLen);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    WdfSpinLockAcquire(ctx->Lock);
    toCopy = min(bufLen, ctx->MessageLength);
    RtlCopyMemory(outBuf, ctx->Message, toCopy);
    ctx->ReadCount++;
    WdfSpinLockRelease(ctx->Lock);

    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, toCopy);
}

VOID
EchoEvtIoDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    NTSTATUS                status = STATUS_SUCCESS;
    ULONG_PTR               info = 0;
    PECHO_PING_REPLY        reply;
    PCONTROL_DEVICE_CONTEXT ctx = ControlGetContext(WdfIoQueueGetDevice(Queue));

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_ECHO_PING:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ECHO_PING_REPLY), (PVOID*)&reply, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        WdfSpinLockAcquire(ctx->Lock);
        reply->Version = 1;
        reply->WriteCount = ctx->WriteCount;
        reply->ReadCount = ctx->ReadCount;
        reply->BytesStored = (ULONG)ctx->MessageLength;
        WdfSpinLockRelease(ctx->Lock);
        info = sizeof(ECHO_PING_REPLY);
        break;

    case IOCTL_ECHO_RESET:
        WdfSpinLockAcquire(ctx->Lock);
        ctx->MessageLength = 0;
        ctx->WriteCount = 0;
        ctx->ReadCount = 0;
        WdfSpinLockRelease(ctx->Lock);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}

VOID
EchoEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);

    KdPrint(("KmdfEcho: unload\n"));

    if (g_ControlDevice != NULL) {
        WdfObjectDelete(g_ControlDevice);
        g_ControlDevice = NULL;
    }
}
