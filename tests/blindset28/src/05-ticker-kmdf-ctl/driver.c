#include "ticker.h"

TK_GLOBALS g_Tk;

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    NTSTATUS status;

    KdPrint(("ticker: DriverEntry\n"));

    RtlZeroMemory(&g_Tk, sizeof(g_Tk));

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = TkEvtDriverUnload;
    config.DriverPoolTag = TK_TAG;

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             WDF_NO_OBJECT_ATTRIBUTES,
                             &config,
                             &driver);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ticker: WdfDriverCreate failed 0x%08X\n", status));
        return status;
    }

    status = TkCreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = TkStartHeartbeat();
    if (!NT_SUCCESS(status)) {
        KdPrint(("ticker: heartbeat thread failed 0x%08X\n", status));
        WdfObjectDelete(g_Tk.ControlDevice);
        g_Tk.ControlDevice = NULL;
        return status;
    }

    return STATUS_SUCCESS;
}

VOID
TkEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);

    TkStopHeartbeat();

    if (g_Tk.ControlDevice != NULL) {
        WdfObjectDelete(g_Tk.ControlDevice);
        g_Tk.ControlDevice = NULL;
    }

    KdPrint(("ticker: unloaded after %I64d ticks\n", g_Tk.Ticks));
}

VOID
TkEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    PTK_TICK_INFO info;
    NTSTATUS status;
    size_t bytes = 0;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_TK_GET_TICKS:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(TK_TICK_INFO), (PVOID*)&info, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        info->Ticks = InterlockedCompareExchange64(&g_Tk.Ticks, 0, 0);
        info->LastTick = g_Tk.LastTick;
        info->PeriodMs = TK_PERIOD_MS;
        bytes = sizeof(TK_TICK_INFO);
        break;

    case IOCTL_TK_RESET:
        InterlockedExchange64(&g_Tk.Ticks, 0);
        status = STATUS_SUCCESS;
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, bytes);
}
