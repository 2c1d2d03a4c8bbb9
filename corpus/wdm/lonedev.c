/*
 * lonedev.c - legacy driver of the "gpioled" panel, in the version that
 * also watches the panel's registry key: the registry callback is its main
 * job, and the control device, \\.\GpioLed, is optional. When the link
 * cannot be created the device is deleted and the driver runs on with the
 * callback, which its unload routine removes: something is left to run, so
 * STATUS_SUCCESS is right (no DE013).
 */

#include <ntddk.h>

#define GL_TAG 'deLG'

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD GlUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH GlCreateClose;
EX_CALLBACK_FUNCTION GlRegistryCallback;

static PDEVICE_OBJECT GlDevice;
static LARGE_INTEGER GlCookie;
static UNICODE_STRING GlLink = RTL_CONSTANT_STRING(L"\\DosDevices\\GpioLed");

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, GlUnload)
#endif

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\GpioLed");
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(L"360100");
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = CmRegisterCallbackEx(GlRegistryCallback, &altitude, DriverObject, NULL,
                                  &GlCookie, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    DriverObject->DriverUnload = GlUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = GlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]  = GlCreateClose;

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &GlDevice);
    if (!NT_SUCCESS(status)) {
        GlDevice = NULL;
        return STATUS_SUCCESS;
    }

    status = IoCreateSymbolicLink(&GlLink, &name);
    if (!NT_SUCCESS(status)) {
        KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,
                   "gpioled: no link (0x%08X), running without the panel\n", status));
        IoDeleteDevice(GlDevice);
        GlDevice = NULL;
        return STATUS_SUCCESS;
    }

    GlDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID
GlUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    CmUnRegisterCallback(GlCookie);
    if (GlDevice != NULL) {
        IoDeleteSymbolicLink(&GlLink);
        IoDeleteDevice(GlDevice);
    }
}

_Use_decl_annotations_
NTSTATUS
GlRegistryCallback(PVOID Context, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    return STATUS_SUCCESS;
}

NTSTATUS
GlCreateClose(
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
