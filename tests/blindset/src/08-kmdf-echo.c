// tiny KMDF pnp driver, based on the "Write a universal hello world driver" walk-through
// added a debug print in device add and a context

#include <ntddk.h>
#include <wdf.h>

typedef struct _ECHO_CTX {
    ULONG OpenCount;
} ECHO_CTX, *PECHO_CTX;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(ECHO_CTX, EchoGetCtx)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD EchoEvtDeviceAdd;

NTSTATUS
EchoEvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    NTSTATUS status;
    WDFDEVICE device;
    WDF_OBJECT_ATTRIBUTES attrs;

    UNREFERENCED_PARAMETER(Driver);

    KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "KmdfEcho: EvtDeviceAdd\n"));

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attrs, ECHO_CTX);

    status = WdfDeviceCreate(&DeviceInit, &attrs, &device);
    if (NT_SUCCESS(status)) {
        EchoGetCtx(device)->OpenCount = 0;
    }
    return status;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT     DriverObject,
    _In_ PUNICODE_STRING    RegistryPath
    )
{
    NTSTATUS status = STATUS_SUCCESS;
    WDF_DRIVER_CONFIG config;

    KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "KmdfEcho: DriverEntry\n"));

    WDF_DRIVER_CONFIG_INIT(&config, EchoEvtDeviceAdd);

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             WDF_NO_OBJECT_ATTRIBUTES,
                             &config,
                             WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,
                   "KmdfEcho: WdfDriverCreate failed 0x%x\n", status));
    }

    return STATUS_SUCCESS;
}
