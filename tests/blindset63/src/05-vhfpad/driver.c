/*
 * driver.c - vhfpad DriverEntry / AddDevice / self-managed I/O
 */
#include "vhfpad.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, PadEvtDeviceAdd)
#pragma alloc_text(PAGE, PadEvtSelfManagedIoCleanup)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;

    PAD_TRACE("DriverEntry\n");

    WDF_DRIVER_CONFIG_INIT(&config, PadEvtDeviceAdd);
    config.DriverPoolTag = VHFPAD_TAG;

    return WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                           &config, WDF_NO_HANDLE);
}

NTSTATUS
PadEvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    NTSTATUS                        status;
    WDF_PNPPOWER_EVENT_CALLBACKS    pnp;
    WDF_OBJECT_ATTRIBUTES           attributes;
    WDF_IO_QUEUE_CONFIG             queueConfig;
    WDF_TIMER_CONFIG                timerConfig;
    VHF_CONFIG                      vhfConfig;
    WDFDEVICE                       device;
    PPAD_CONTEXT                    ctx;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnp);
    pnp.EvtDeviceSelfManagedIoInit    = PadEvtSelfManagedIoInit;
    pnp.EvtDeviceSelfManagedIoCleanup = PadEvtSelfManagedIoCleanup;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnp);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, PAD_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        PAD_ERROR("WdfDeviceCreate 0x%08X\n", status);
        return status;
    }

    ctx = PadGetContext(device);
    ctx->Device = device;
    ctx->State.X = ctx->State.Y = ctx->State.Rx = ctx->State.Ry = 0x80;   // centred

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfSpinLockCreate(&attributes, &ctx->StateLock);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoDeviceControl = PadEvtIoDeviceControl;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        PAD_ERROR("WdfIoQueueCreate 0x%08X\n", status);
        return status;
    }

    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, PadEvtReportTimer, VHFPAD_REPORT_PERIOD_MS);
    timerConfig.AutomaticSerialization = FALSE;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfTimerCreate(&timerConfig, &attributes, &ctx->ReportTimer);
    if (!NT_SUCCESS(status)) {
        PAD_ERROR("WdfTimerCreate 0x%08X\n", status);
        return status;
    }

    //
    // The virtual HID child. VHF sits below us as a lower filter.
    //
    VHF_CONFIG_INIT(&vhfConfig,
                    WdfDeviceWdmGetDeviceObject(device),
                    g_PadReportDescriptorSize,
                    (PUCHAR)g_PadReportDescriptor);
    vhfConfig.VendorID         = VHFPAD_VID;
    vhfConfig.ProductID        = VHFPAD_PID;
    vhfConfig.VersionNumber    = 0x0100;
    vhfConfig.VhfClientContext = ctx;

    status = VhfCreate(&vhfConfig, &ctx->VhfHandle);
    if (!NT_SUCCESS(status)) {
        PAD_ERROR("VhfCreate 0x%08X\n", status);
        ctx->VhfHandle = NULL;
        return status;
    }

    status = VhfStart(ctx->VhfHandle);
    if (!NT_SUCCESS(status)) {
        PAD_ERROR("VhfStart 0x%08X\n", status);
        VhfDelete(ctx->VhfHandle, TRUE);
        ctx->VhfHandle = NULL;
        return status;
    }

    //
    // Interface for the feeder app.
    //
    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_VHFPAD, NULL);
    if (!NT_SUCCESS(status)) {
        PAD_ERROR("WdfDeviceCreateDeviceInterface 0x%08X\n", status);
        return status;
    }

    PAD_TRACE("pad ready\n");
    return STATUS_SUCCESS;
}

NTSTATUS
PadEvtSelfManagedIoInit(
    _In_ WDFDEVICE Device
    )
{
    PPAD_CONTEXT ctx = PadGetContext(Device);

    WdfTimerStart(ctx->ReportTimer, WDF_REL_TIMEOUT_IN_MS(VHFPAD_REPORT_PERIOD_MS));
    return STATUS_SUCCESS;
}

VOID
PadEvtSelfManagedIoCleanup(
    _In_ WDFDEVICE Device
    )
{
    PPAD_CONTEXT ctx = PadGetContext(Device);

    PAGED_CODE();

    PAD_TRACE("cleanup, %lu reports sent\n", ctx->ReportsSent);

    if (ctx->VhfHandle != NULL) {
        VhfDelete(ctx->VhfHandle, TRUE);
        ctx->VhfHandle = NULL;
    }

    WdfTimerStop(ctx->ReportTimer, TRUE);
}
