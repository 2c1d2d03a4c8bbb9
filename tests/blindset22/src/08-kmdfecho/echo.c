/*++
 * kmdfecho - non-PnP KMDF "hello world": a control device that echoes back
 * whatever you write to it, and bumps a heartbeat counter once a second.
 *
 *   sc create kmdfecho type= kernel binPath= %CD%\kmdfecho.sys
 *   sc start kmdfecho
 *   echo.exe \\.\KmdfEcho "hello"
 *
 * Registry (HKLM\...\Services\kmdfecho\Parameters):
 *   MaxEchoBytes   DWORD  (default 4096)
 *   HeartbeatMs    DWORD  (default 1000)
 --*/
#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define ECHO_NT_NAME        L"\\Device\\KmdfEcho"
#define ECHO_DOS_NAME       L"\\DosDevices\\KmdfEcho"
#define ECHO_TAG            'ohcE'

#define IOCTL_ECHO_GET_HEARTBEAT \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _ECHO_SETTINGS {
    ULONG MaxEchoBytes;
    ULONG HeartbeatMs;
} ECHO_SETTINGS;

typedef struct _CONTROL_CONTEXT {
    WDFSPINLOCK Lock;
    PVOID       Buffer;        /* last write */
    size_t      Length;
    LONG        Heartbeat;
    WDFTIMER    Timer;
} CONTROL_CONTEXT, *PCONTROL_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(CONTROL_CONTEXT, ControlGetContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD EchoEvtDriverUnload;
EVT_WDF_IO_QUEUE_IO_READ EchoEvtIoRead;
EVT_WDF_IO_QUEUE_IO_WRITE EchoEvtIoWrite;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL EchoEvtIoDeviceControl;
EVT_WDF_TIMER EchoEvtTimer;
EVT_WDF_OBJECT_CONTEXT_CLEANUP EchoEvtDeviceCleanup;

static ECHO_SETTINGS g_Settings = { 4096, 1000 };

/* ---------------------------------------------------------------------- */

VOID
EchoEvtTimer(WDFTIMER Timer)
{
    PCONTROL_CONTEXT ctx = ControlGetContext(WdfTimerGetParentObject(Timer));
    InterlockedIncrement(&ctx->Heartbeat);
}

VOID
EchoEvtIoWrite(WDFQUEUE Queue, WDFREQUEST Request, size_t Length)
{
    PCONTROL_CONTEXT ctx = ControlGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status;
    PVOID in;
    PVOID copy;
    PVOID old;

    if (Length == 0 || Length > g_Settings.MaxEchoBytes) {
        WdfRequestComplete(Request, STATUS_INVALID_BUFFER_SIZE);
        return;
    }

    status = WdfRequestRetrieveInputBuffer(Request, Length, &in, NULL);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    copy = ExAllocatePool2(POOL_FLAG_NON_PAGED, Length, ECHO_TAG);
    if (copy == NULL) {
        WdfRequestComplete(Request, STATUS_INSUFFICIENT_RESOURCES);
        return;
    }
    RtlCopyMemory(copy, in, Length);

    WdfSpinLockAcquire(ctx->Lock);
    old = ctx->Buffer;
    ctx->Buffer = copy;
    ctx->Length = Length;
    WdfSpinLockRelease(ctx->Lock);

    if (old != NULL) {
        ExFreePoolWithTag(old, ECHO_TAG);
    }

    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, Length);
}

VOID
EchoEvtIoRead(WDFQUEUE Queue, WDFREQUEST Request, size_t Length)
{
    PCONTROL_CONTEXT ctx = ControlGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status;
    PVOID out;
    size_t copied = 0;

    status = WdfRequestRetrieveOutputBuffer(Request, 1, &out, NULL);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    WdfSpinLockAcquire(ctx->Lock);
    if (ctx->Buffer != NULL) {
        copied = min(Length, ctx->Length);
        RtlCopyMemory(out, ctx->Buffer, copied);
    }
    WdfSpinLockRelease(ctx->Lock);

    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, copied);
}

VOID
EchoEvtIoDeviceControl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength,
                       size_t InputBufferLength, ULONG IoControlCode)
{
    PCONTROL_CONTEXT ctx = ControlGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    size_t info = 0;
    PLONG out;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    if (IoControlCode == IOCTL_ECHO_GET_HEARTBEAT) {
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(LONG), (PVOID *)&out, NULL);
        if (NT_SUCCESS(status)) {
            *out = ctx->Heartbeat;
            info = sizeof(LONG);
        }
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}

VOID
EchoEvtDeviceCleanup(WDFOBJECT Object)
{
    PCONTROL_CONTEXT ctx = ControlGetContext(Object);

    if (ctx->Buffer != NULL) {
        ExFreePoolWithTag(ctx->Buffer, ECHO_TAG);
        ctx->Buffer = NULL;
    }
}

/* ---------------------------------------------------------------------- */

static NTSTATUS
EchoCreateControlDevice(WDFDRIVER Driver)
{
    NTSTATUS status;
    PWDFDEVICE_INIT init;
    WDFDEVICE device;
    WDFQUEUE queue;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_TIMER_CONFIG timerConfig;
    PCONTROL_CONTEXT ctx;
    DECLARE_CONST_UNICODE_STRING(ntName, ECHO_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, ECHO_DOS_NAME);

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R);
    if (init == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(init, FALSE);
    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(init, &ntName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("kmdfecho: WdfDeviceInitAssignName 0x%x\n", status));
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, CONTROL_CONTEXT);
    attributes.EvtCleanupCallback = EchoEvtDeviceCleanup;

    status = WdfDeviceCreate(&init, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("kmdfecho: WdfDeviceCreate 0x%x\n", status));
        WdfDeviceInitFree(init);
        return status;
    }

    ctx = ControlGetContext(device);
    RtlZeroMemory(ctx, sizeof(*ctx));

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfSpinLockCreate(&attributes, &ctx->Lock);
    if (!NT_SUCCESS(status)) {
        goto fail;
    }

    status = WdfDeviceCreateSymbolicLink(device, &dosName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("kmdfecho: WdfDeviceCreateSymbolicLink 0x%x\n", status));
        goto fail;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoRead = EchoEvtIoRead;
    queueConfig.EvtIoWrite = EchoEvtIoWrite;
    queueConfig.EvtIoDeviceControl = EchoEvtIoDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        goto fail;
    }

    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, EchoEvtTimer, g_Settings.HeartbeatMs);
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfTimerCreate(&timerConfig, &attributes, &ctx->Timer);
    if (!NT_SUCCESS(status)) {
        goto fail;
    }

    WdfControlFinishInitializing(device);
    WdfTimerStart(ctx->Timer, WDF_REL_TIMEOUT_IN_MS(g_Settings.HeartbeatMs));
    return STATUS_SUCCESS;

fail:
    WdfObjectDelete(device);
    return status;
}

static NTSTATUS
EchoReadSettings(WDFDRIVER Driver)
{
    NTSTATUS status;
    WDFKEY key;
    ULONG value;
    DECLARE_CONST_UNICODE_STRING(maxName, L"MaxEchoBytes");
    DECLARE_CONST_UNICODE_STRING(hbName, L"HeartbeatMs");

    status = WdfDriverOpenParametersRegistryKey(Driver, KEY_READ, WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    if (NT_SUCCESS(WdfRegistryQueryULong(key, &maxName, &value)) && value != 0) {
        g_Settings.MaxEchoBytes = value;
    }
    if (NT_SUCCESS(WdfRegistryQueryULong(key, &hbName, &value)) && value >= 100) {
        g_Settings.HeartbeatMs = value;
    }

    WdfRegistryClose(key);
    return STATUS_SUCCESS;
}

VOID
EchoEvtDriverUnload(WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    KdPrint(("kmdfecho: unload\n"));
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;

    KdPrint(("kmdfecho: DriverEntry\n"));

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = EchoEvtDriverUnload;
    config.DriverPoolTag = ECHO_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, &driver);
    if (!NT_SUCCESS(status)) {
        KdPrint(("kmdfecho: WdfDriverCreate 0x%x\n", status));
        return status;
    }

    status = EchoCreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        KdPrint(("kmdfecho: control device failed 0x%x\n", status));
    }

    /* missing Parameters key is fine, we have defaults */
    status = EchoReadSettings(driver);
    if (!NT_SUCCESS(status)) {
        KdPrint(("kmdfecho: no Parameters key (0x%x), using defaults\n", status));
        status = STATUS_SUCCESS;
    }

    return status;
}
