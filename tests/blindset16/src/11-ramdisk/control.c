/*++

Copyright (c) RamDisk contributors. Licensed under the Ms-PL.

Module Name:

    control.c

Abstract:

    Optional management control device (\Device\RamdiskControl) used by
    rdctl.exe to query the disk and wipe it.

--*/

#include "ramdisk.h"

static EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL RdEvtControlIoDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, RdControlDeviceCreate)
#endif

NTSTATUS
RdControlDeviceCreate(
    _In_ WDFDRIVER Driver,
    _Inout_ PRD_GLOBALS Globals
    )
{
    NTSTATUS status;
    PWDFDEVICE_INIT deviceInit;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFDEVICE controlDevice;
    PRD_CONTROL_CONTEXT context;
    DECLARE_CONST_UNICODE_STRING(deviceName, RD_CONTROL_NAME);
    DECLARE_CONST_UNICODE_STRING(linkName, RD_CONTROL_LINK);

    deviceInit = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (deviceInit == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(deviceInit, FALSE);
    WdfDeviceInitSetIoType(deviceInit, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(deviceInit, &deviceName);
    if (!NT_SUCCESS(status)) {
        RD_ERROR("WdfDeviceInitAssignName failed 0x%08X", status);
        WdfDeviceInitFree(deviceInit);
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, RD_CONTROL_CONTEXT);

    status = WdfDeviceCreate(&deviceInit, &attributes, &controlDevice);
    if (!NT_SUCCESS(status)) {
        RD_ERROR("WdfDeviceCreate(control) failed 0x%08X", status);
        return status;
    }

    context = RdGetControlContext(controlDevice);
    context->Globals = Globals;

    status = WdfDeviceCreateSymbolicLink(controlDevice, &linkName);
    if (!NT_SUCCESS(status)) {
        RD_ERROR("WdfDeviceCreateSymbolicLink failed 0x%08X", status);
        WdfObjectDelete(controlDevice);
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = RdEvtControlIoDeviceControl;

    status = WdfIoQueueCreate(controlDevice, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        RD_ERROR("WdfIoQueueCreate(control) failed 0x%08X", status);
        WdfObjectDelete(controlDevice);
        return status;
    }

    WdfControlFinishInitializing(controlDevice);
    Globals->ControlDevice = controlDevice;

    return STATUS_SUCCESS;
}

static
VOID
RdEvtControlIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    PRD_CONTROL_CONTEXT context = RdGetControlContext(WdfIoQueueGetDevice(Queue));
    PRD_GLOBALS globals = context->Globals;
    PRD_DISK_CONTEXT disk = NULL;
    PRD_CONTROL_INFO info;
    NTSTATUS status;
    ULONG_PTR bytes = 0;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    if (globals->DiskDevice != NULL) {
        disk = RdGetDiskContext(globals->DiskDevice);
    }

    switch (IoControlCode) {
    case IOCTL_RDCTL_GET_INFO:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(RD_CONTROL_INFO), (PVOID *)&info, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        info->DiskSize = globals->Params.DiskSize;
        info->DriveLetter = globals->Params.DriveLetter;
        info->Preloaded = (BOOLEAN)(globals->Params.ImageFile.Length != 0);
        bytes = sizeof(RD_CONTROL_INFO);
        break;

    case IOCTL_RDCTL_WIPE:
        if (disk == NULL) {
            status = STATUS_DEVICE_NOT_READY;
            break;
        }
        RtlZeroMemory(disk->Image, disk->Size);
        status = STATUS_SUCCESS;
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, bytes);
}
