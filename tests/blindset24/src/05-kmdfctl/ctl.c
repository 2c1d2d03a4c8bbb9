/*
 * ctl.c - KMDF non-PnP "control device" sample for the course lab 6.
 *
 * User mode sends IOCTL_CRC_BUFFER with a buffer; the request is parked in a
 * manual queue and a framework work item computes a CRC32 at PASSIVE_LEVEL,
 * then completes it.  Only one work item exists; it drains the manual queue.
 */

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define CTL_NT_NAME   L"\\Device\\CrcCtl"
#define CTL_DOS_NAME  L"\\DosDevices\\CrcCtl"

#define IOCTL_CRC_BUFFER  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _CTL_DEVICE_CONTEXT {
    WDFQUEUE    DefaultQueue;
    WDFQUEUE    PendingQueue;
    WDFWORKITEM WorkItem;
    ULONG       Processed;
} CTL_DEVICE_CONTEXT, *PCTL_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(CTL_DEVICE_CONTEXT, CtlGetContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD CtlEvtDriverUnload;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL CtlEvtIoDeviceControl;
EVT_WDF_WORKITEM CtlEvtWorkItem;

static ULONG g_CrcTable[256];

static VOID
CtlBuildCrcTable(VOID)
{
    ULONG i, j, c;

    for (i = 0; i < 256; i++) {
        c = i;
        for (j = 0; j < 8; j++) {
            c = (c & 1) ? (0xEDB88320UL ^ (c >> 1)) : (c >> 1);
        }
        g_CrcTable[i] = c;
    }
}

static ULONG
CtlCrc32(
    _In_reads_bytes_(Length) const UCHAR* Data,
    _In_ size_t Length
    )
{
    ULONG crc = 0xFFFFFFFFUL;
    size_t i;

    for (i = 0; i < Length; i++) {
        crc = g_CrcTable[(crc ^ Data[i]) & 0xFF] ^ (crc >> 8);
    }
    return crc ^ 0xFFFFFFFFUL;
}

VOID
CtlEvtWorkItem(
    _In_ WDFWORKITEM WorkItem
    )
{
    WDFDEVICE device = (WDFDEVICE)WdfWorkItemGetParentObject(WorkItem);
    PCTL_DEVICE_CONTEXT ctx = CtlGetContext(device);
    WDFREQUEST request;
    NTSTATUS status;
    PVOID in;
    PULONG out;
    size_t inLen;

    for (;;) {
        status = WdfIoQueueRetrieveNextRequest(ctx->PendingQueue, &request);
        if (!NT_SUCCESS(status)) {
            break;
        }

        status = WdfRequestRetrieveInputBuffer(request, 1, &in, &inLen);
        if (NT_SUCCESS(status)) {
            status = WdfRequestRetrieveOutputBuffer(request, sizeof(ULONG), (PVOID*)&out, NULL);
        }
        if (!NT_SUCCESS(status)) {
            WdfRequestComplete(request, status);
            continue;
        }

        *out = CtlCrc32((const UCHAR*)in, inLen);
        ctx->Processed++;
        WdfRequestCompleteWithInformation(request, STATUS_SUCCESS, sizeof(ULONG));
    }
}

VOID
CtlEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    PCTL_DEVICE_CONTEXT ctx = CtlGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status;

    if (IoControlCode != IOCTL_CRC_BUFFER) {
        WdfRequestComplete(Request, STATUS_INVALID_DEVICE_REQUEST);
        return;
    }
    if (InputBufferLength == 0 || OutputBufferLength < sizeof(ULONG)) {
        WdfRequestComplete(Request, STATUS_BUFFER_TOO_SMALL);
        return;
    }

    status = WdfRequestForwardToIoQueue(Request, ctx->PendingQueue);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    // WdfWorkItemEnqueue is a no-op if the item is already queued
    WdfWorkItemEnqueue(ctx->WorkItem);
}

VOID
CtlEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);
    KdPrint(("CrcCtl: unload\n"));
}

static NTSTATUS
CtlCreateQueuesAndWorkItem(
    _In_ WDFDEVICE Device
    )
{
    NTSTATUS status;
    PCTL_DEVICE_CONTEXT ctx = CtlGetContext(Device);
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_WORKITEM_CONFIG wiConfig;
    WDF_OBJECT_ATTRIBUTES attributes;

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = CtlEvtIoDeviceControl;

    status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &ctx->DefaultQueue);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT(&queueConfig, WdfIoQueueDispatchManual);
    status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &ctx->PendingQueue);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_WORKITEM_CONFIG_INIT(&wiConfig, CtlEvtWorkItem);
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = Device;

    return WdfWorkItemCreate(&wiConfig, &attributes, &ctx->WorkItem);
}

static NTSTATUS
CtlCreateControlDevice(
    _In_ WDFDRIVER Driver
    )
{
    NTSTATUS status;
    PWDFDEVICE_INIT init;
    WDFDEVICE device;
    WDF_OBJECT_ATTRIBUTES attributes;
    DECLARE_CONST_UNICODE_STRING(ntName, CTL_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, CTL_DOS_NAME);

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R);
    if (init == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(init, FALSE);
    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(init, &ntName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("CrcCtl: WdfDeviceInitAssignName failed 0x%x\n", status));
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, CTL_DEVICE_CONTEXT);

    status = WdfDeviceCreate(&init, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(device, &dosName);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(device);
        return status;
    }

    status = CtlCreateQueuesAndWorkItem(device);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(device);
        return status;
    }

    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;

    KdPrint(("CrcCtl: DriverEntry\n"));

    CtlBuildCrcTable();

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = CtlEvtDriverUnload;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, &driver);
    if (!NT_SUCCESS(status)) {
        KdPrint(("CrcCtl: WdfDriverCreate failed 0x%x\n", status));
        return status;
    }

    status = CtlCreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        KdPrint(("CrcCtl: control device creation failed 0x%x\n", status));
        return status;
    }

    return STATUS_SUCCESS;
}
