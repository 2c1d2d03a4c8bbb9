/*
 * driver.c - kbremap DriverEntry and the sideband control device.
 */
#include "kbremap.h"

KBR_GLOBALS KbrGlobals;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, KbrCreateControlDevice)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    NTSTATUS status;

    KdPrint(("kbremap: built " __DATE__ " " __TIME__ "\n"));

    RtlZeroMemory(&KbrGlobals, sizeof(KbrGlobals));
    KbrGlobals.Enabled = TRUE;

    WDF_DRIVER_CONFIG_INIT(&config, KbrEvtDeviceAdd);
    config.DriverPoolTag = KBR_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (NT_SUCCESS(status)) {
        /*
         * The control device only serves the tray tool.  Without it
         * the filter still works with an empty remap table.
         */
        status = KbrCreateControlDevice(driver);
        if (!NT_SUCCESS(status)) {
            KdPrint(("kbremap: no control device (0x%08X), remapping fixed\n", status));
        }
    } else {
        KdPrint(("kbremap: WdfDriverCreate failed 0x%08X\n", status));
    }

    return STATUS_SUCCESS;
}

NTSTATUS
KbrCreateControlDevice(
    _In_ WDFDRIVER Driver
    )
{
    PWDFDEVICE_INIT init;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFDEVICE controlDevice;
    WDFQUEUE queue;
    UNICODE_STRING name;
    UNICODE_STRING link;
    NTSTATUS status;

    PAGED_CODE();

    /* parented to the driver object by default */
    status = WdfWaitLockCreate(WDF_NO_OBJECT_ATTRIBUTES, &KbrGlobals.TableLock);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R);
    if (init == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(init, FALSE);
    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    RtlInitUnicodeString(&name, KBR_CONTROL_NAME);
    status = WdfDeviceInitAssignName(init, &name);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ExecutionLevel = WdfExecutionLevelPassive;

    status = WdfDeviceCreate(&init, &attributes, &controlDevice);
    if (!NT_SUCCESS(status)) {
        KdPrint(("kbremap: control WdfDeviceCreate 0x%08X\n", status));
        return status;
    }

    RtlInitUnicodeString(&link, KBR_CONTROL_LINK);
    status = WdfDeviceCreateSymbolicLink(controlDevice, &link);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(controlDevice);
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = KbrEvtControlIoctl;

    status = WdfIoQueueCreate(controlDevice, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(controlDevice);
        return status;
    }

    WdfControlFinishInitializing(controlDevice);
    KbrGlobals.ControlDevice = controlDevice;
    return STATUS_SUCCESS;
}

VOID
KbrEvtControlIoctl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;
    PVOID buffer;

    UNREFERENCED_PARAMETER(Queue);

    switch (IoControlCode) {
    case IOCTL_KBR_SET_TABLE:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(ULONG), &buffer, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        if (((PKBR_TABLE)buffer)->Count > KBR_MAX_MAPPINGS ||
            InputBufferLength < FIELD_OFFSET(KBR_TABLE, Map) +
                                ((PKBR_TABLE)buffer)->Count * sizeof(KBR_MAPPING)) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        WdfWaitLockAcquire(KbrGlobals.TableLock, NULL);
        RtlZeroMemory(&KbrGlobals.Table, sizeof(KbrGlobals.Table));
        RtlCopyMemory(&KbrGlobals.Table, buffer,
                      FIELD_OFFSET(KBR_TABLE, Map) + ((PKBR_TABLE)buffer)->Count * sizeof(KBR_MAPPING));
        WdfWaitLockRelease(KbrGlobals.TableLock);
        break;

    case IOCTL_KBR_GET_TABLE:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(KBR_TABLE), &buffer, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        WdfWaitLockAcquire(KbrGlobals.TableLock, NULL);
        RtlCopyMemory(buffer, &KbrGlobals.Table, sizeof(KBR_TABLE));
        WdfWaitLockRelease(KbrGlobals.TableLock);
        info = sizeof(KBR_TABLE);
        UNREFERENCED_PARAMETER(OutputBufferLength);
        break;

    case IOCTL_KBR_ENABLE:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(BOOLEAN), &buffer, NULL);
        if (NT_SUCCESS(status)) {
            KbrGlobals.Enabled = *(PBOOLEAN)buffer;
        }
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
