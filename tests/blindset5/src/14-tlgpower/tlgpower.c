/*++

Module Name:

    tlgpower.c

Abstract:

    TlgPower: a non-PnP KMDF driver that reports power-setting changes
    (AC/DC source, lid, display) through TraceLogging.  It owns one
    control device so that the companion service can query the last
    recorded state.

Environment:

    Kernel mode, KMDF 1.15

--*/
#include <ntddk.h>
#include <wdf.h>
#include <wdmguid.h>
#include <wdmsec.h>
#include <TraceLoggingProvider.h>
#include <evntrace.h>

//
// {7C1F8E24-5B9D-4A63-9E20-C4D8A1F03B57}
//
TRACELOGGING_DEFINE_PROVIDER(
    g_hTlgPowerProvider,
    "Contoso.TlgPower",
    (0x7c1f8e24, 0x5b9d, 0x4a63, 0x9e, 0x20, 0xc4, 0xd8, 0xa1, 0xf0, 0x3b, 0x57));

#define TLGPOWER_DEVICE_NAME L"\\Device\\TlgPower"
#define TLGPOWER_LINK_NAME   L"\\DosDevices\\TlgPower"
#define IOCTL_TLGPOWER_GET_STATE CTL_CODE(FILE_DEVICE_UNKNOWN, 0x850, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _TLGPOWER_STATE {
    ULONG AcOnline;
    ULONG LidOpen;
    ULONG DisplayOn;
} TLGPOWER_STATE;

typedef struct _CONTROL_CONTEXT {
    TLGPOWER_STATE State;
    PVOID          AcdcHandle;
    PVOID          LidHandle;
} CONTROL_CONTEXT, *PCONTROL_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(CONTROL_CONTEXT, ControlGetContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD TlgPowerEvtDriverUnload;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL TlgPowerEvtIoDeviceControl;
EVT_WDF_DEVICE_CONTEXT_CLEANUP TlgPowerEvtControlCleanup;
POWER_SETTING_CALLBACK TlgPowerSettingCallback;

static WDFDEVICE g_ControlDevice = NULL;

_Use_decl_annotations_
NTSTATUS
TlgPowerSettingCallback(
    LPCGUID SettingGuid,
    PVOID Value,
    ULONG ValueLength,
    PVOID Context
    )
{
    PCONTROL_CONTEXT ctx = (PCONTROL_CONTEXT)Context;
    ULONG v;

    if (Value == NULL || ValueLength < sizeof(ULONG)) {
        return STATUS_SUCCESS;
    }
    v = *(PULONG)Value;

    if (IsEqualGUID(SettingGuid, &GUID_ACDC_POWER_SOURCE)) {
        ctx->State.AcOnline = (v == 0);      // PoAc == 0
        TraceLoggingWrite(g_hTlgPowerProvider, "PowerSource",
                          TraceLoggingUInt32(v, "Source"));
    } else if (IsEqualGUID(SettingGuid, &GUID_LIDSWITCH_STATE_CHANGE)) {
        ctx->State.LidOpen = v;
        TraceLoggingWrite(g_hTlgPowerProvider, "Lid",
                          TraceLoggingUInt32(v, "Open"));
    }
    return STATUS_SUCCESS;
}

static
NTSTATUS
TlgPowerCreateControlDevice(
    _In_ WDFDRIVER Driver
    )
{
    DECLARE_CONST_UNICODE_STRING(devName, TLGPOWER_DEVICE_NAME);
    DECLARE_CONST_UNICODE_STRING(linkName, TLGPOWER_LINK_NAME);
    PWDFDEVICE_INIT init;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    PCONTROL_CONTEXT ctx;
    WDFDEVICE device;
    NTSTATUS status;

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R_RES_R);
    if (init == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = WdfDeviceInitAssignName(init, &devName);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, CONTROL_CONTEXT);
    attributes.EvtCleanupCallback = TlgPowerEvtControlCleanup;

    status = WdfDeviceCreate(&init, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }
    // from here on the device owns everything; deleting it cleans up

    ctx = ControlGetContext(device);

    status = WdfDeviceCreateSymbolicLink(device, &linkName);
    if (NT_SUCCESS(status)) {
        WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
        queueConfig.EvtIoDeviceControl = TlgPowerEvtIoDeviceControl;
        status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, NULL);
    }
    if (NT_SUCCESS(status)) {
        status = PoRegisterPowerSettingCallback(NULL, &GUID_ACDC_POWER_SOURCE,
                                                TlgPowerSettingCallback, ctx,
                                                &ctx->AcdcHandle);
    }
    if (NT_SUCCESS(status)) {
        status = PoRegisterPowerSettingCallback(NULL, &GUID_LIDSWITCH_STATE_CHANGE,
                                                TlgPowerSettingCallback, ctx,
                                                &ctx->LidHandle);
    }
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(device);     // runs TlgPowerEvtControlCleanup
        return status;
    }

    WdfControlFinishInitializing(device);
    g_ControlDevice = device;
    return STATUS_SUCCESS;
}

VOID
TlgPowerEvtControlCleanup(
    _In_ WDFOBJECT Device
    )
{
    PCONTROL_CONTEXT ctx = ControlGetContext((WDFDEVICE)Device);

    if (ctx->LidHandle != NULL) {
        PoUnregisterPowerSettingCallback(ctx->LidHandle);
        ctx->LidHandle = NULL;
    }
    if (ctx->AcdcHandle != NULL) {
        PoUnregisterPowerSettingCallback(ctx->AcdcHandle);
        ctx->AcdcHandle = NULL;
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    NTSTATUS status;

    status = TraceLoggingRegister(g_hTlgPowerProvider);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = TlgPowerEvtDriverUnload;
    config.DriverPoolTag = 'rPlT';

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, &driver);
    if (!NT_SUCCESS(status)) {
        TraceLoggingUnregister(g_hTlgPowerProvider);
        return status;
    }

    status = TlgPowerCreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        //
        // EvtDriverUnload is not called when DriverEntry fails; the
        // framework deletes the driver object on its own.
        //
        TraceLoggingWrite(g_hTlgPowerProvider, "InitFailed",
                          TraceLoggingNTStatus(status, "Status"));
        TraceLoggingUnregister(g_hTlgPowerProvider);
        return status;
    }

    TraceLoggingWrite(g_hTlgPowerProvider, "Loaded");
    return STATUS_SUCCESS;
}

VOID
TlgPowerEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);

    //
    // The control device (and with it the power-setting callbacks) is
    // deleted by the framework before EvtDriverUnload; delete explicitly
    // anyway so the order is obvious.
    //
    if (g_ControlDevice != NULL) {
        WdfObjectDelete(g_ControlDevice);
        g_ControlDevice = NULL;
    }

    TraceLoggingWrite(g_hTlgPowerProvider, "Unloaded");
    TraceLoggingUnregister(g_hTlgPowerProvider);
}

VOID
TlgPowerEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    PCONTROL_CONTEXT ctx = ControlGetContext(WdfIoQueueGetDevice(Queue));
    TLGPOWER_STATE *out;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    if (IoControlCode != IOCTL_TLGPOWER_GET_STATE) {
        WdfRequestComplete(Request, STATUS_INVALID_DEVICE_REQUEST);
        return;
    }

    status = WdfRequestRetrieveOutputBuffer(Request, sizeof(*out), (PVOID *)&out, NULL);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }
    *out = ctx->State;
    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, sizeof(*out));
}
