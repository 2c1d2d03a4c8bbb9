#include "regguard.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RgUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH RgCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH RgDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, RgUnload)
#endif

RG_GLOBALS g_Rg;

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(RG_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(RG_LINK_NAME);
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(RG_ALTITUDE);
    NTSTATUS status;
    LONG enabled = 1;

    RtlZeroMemory(&g_Rg, sizeof(g_Rg));

    /* RegistryPath is only valid during DriverEntry - keep our own copy */
    status = RgCopyString(RegistryPath, &g_Rg.ServiceKey);
    if (!NT_SUCCESS(status)) {
        RG_ERR("cannot copy registry path 0x%08X", status);
        return status;
    }

    status = RgLoadConfig(&g_Rg.ServiceKey, &g_Rg.ProtectedKey, &enabled);
    if (!NT_SUCCESS(status)) {
        RG_ERR("RgLoadConfig failed 0x%08X", status);
        goto err_path;
    }
    g_Rg.Enabled = enabled;

    status = ExInitializeResourceLite(&g_Rg.Lock);
    if (!NT_SUCCESS(status)) {
        goto err_config;
    }

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Rg.DeviceObject);
    if (!NT_SUCCESS(status)) {
        RG_ERR("IoCreateDevice failed 0x%08X", status);
        goto err_resource;
    }
    g_Rg.DeviceObject->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        RG_ERR("IoCreateSymbolicLink failed 0x%08X", status);
        goto err_device;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RgDeviceControl;
    DriverObject->DriverUnload = RgUnload;

    /* last step: from here on the callback can run */
    status = CmRegisterCallbackEx(RgRegistryCallback, &altitude, DriverObject,
                                  NULL, &g_Rg.Cookie, NULL);
    if (!NT_SUCCESS(status)) {
        RG_ERR("CmRegisterCallbackEx failed 0x%08X", status);
        goto err_link;
    }

    RG_INFO("protecting %wZ (%s)", &g_Rg.ProtectedKey, g_Rg.Enabled ? "on" : "off");
    return STATUS_SUCCESS;

err_link:
    IoDeleteSymbolicLink(&linkName);
err_device:
    IoDeleteDevice(g_Rg.DeviceObject);
    g_Rg.DeviceObject = NULL;
err_resource:
    ExDeleteResourceLite(&g_Rg.Lock);
err_config:
    RgFreeString(&g_Rg.ProtectedKey);
err_path:
    RgFreeString(&g_Rg.ServiceKey);
    return status;
}

VOID
RgUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(RG_LINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    /* waits for callbacks in flight */
    CmUnRegisterCallback(g_Rg.Cookie);

    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(g_Rg.DeviceObject);

    ExDeleteResourceLite(&g_Rg.Lock);
    RgFreeString(&g_Rg.ProtectedKey);
    RgFreeString(&g_Rg.ServiceKey);

    RG_INFO("unloaded, %d operations denied", g_Rg.Denied);
}

NTSTATUS
RgCreateClose(
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

NTSTATUS
RgDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG inLen = sp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID buf = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_RG_ENABLE:
        if (inLen < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        InterlockedExchange(&g_Rg.Enabled, *(PULONG)buf ? 1 : 0);
        status = STATUS_SUCCESS;
        break;

    case IOCTL_RG_SET_KEY: {
        UNICODE_STRING key;
        if (inLen < sizeof(WCHAR) || inLen > RG_MAX_KEY_BYTES || (inLen % sizeof(WCHAR)) != 0) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        key.Buffer = (PWCH)buf;
        key.Length = (USHORT)inLen;
        key.MaximumLength = (USHORT)inLen;
        status = RgReplaceProtectedKey(&key);
        break;
    }

    case IOCTL_RG_GET_STATS:
        if (outLen < sizeof(RG_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        ((PRG_STATS)buf)->Enabled = (ULONG)g_Rg.Enabled;
        ((PRG_STATS)buf)->Denied = (ULONG)g_Rg.Denied;
        info = sizeof(RG_STATS);
        status = STATUS_SUCCESS;
        break;

    default:
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
