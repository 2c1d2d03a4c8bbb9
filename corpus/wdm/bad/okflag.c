/*
 * okflag.c - a legacy WDM driver of a smart-card reader bridge that traces
 * through its own ETW provider when it can: DriverEntry records whether the
 * registration succeeded in a flag (`g_TraceOn = NT_SUCCESS(EtwRegister(...))`)
 * and goes on without tracing when it did not, in the version whose failure
 * path forgets the provider.
 *
 * BUG (DE006): when IoCreateDevice fails, DriverEntry returns the error with
 * the provider still registered when the flag says it is.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ScUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH ScCreateClose;

/* {4B1C7E20-6A3D-4F58-9C0E-2D7B8A6F5E13} */
static const GUID ScProviderGuid =
    { 0x4b1c7e20, 0x6a3d, 0x4f58, { 0x9c, 0x0e, 0x2d, 0x7b, 0x8a, 0x6f, 0x5e, 0x13 } };

static REGHANDLE g_TraceHandle;
static BOOLEAN g_TraceOn;
static PDEVICE_OBJECT g_ScDevice;
static UNICODE_STRING g_ScDeviceName = RTL_CONSTANT_STRING(L"\\Device\\ScBridge");

NTSTATUS
ScCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
ScUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(g_ScDevice);
    if (g_TraceOn) {
        EtwUnregister(g_TraceHandle);
        g_TraceOn = FALSE;
    }
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    g_TraceOn = NT_SUCCESS(EtwRegister(&ScProviderGuid, NULL, NULL, &g_TraceHandle));

    DriverObject->MajorFunction[IRP_MJ_CREATE] = ScCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ScCreateClose;

    status = IoCreateDevice(DriverObject, 0, &g_ScDeviceName, FILE_DEVICE_SMARTCARD,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_ScDevice);
    if (!NT_SUCCESS(status)) {
        return status;                                  // expect: DE006
    }
    g_ScDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    DriverObject->DriverUnload = ScUnload;
    return STATUS_SUCCESS;
}
