/*
 * memprobe.c - non-PnP KMDF driver behind the "memprobe" lab tool. It
 * creates one control device, \\.\MemProbe, through which an elevated tool
 * queries physical memory ranges for the ECC test harness.
 *
 * Started and stopped with sc.exe; there is no hardware and no INF
 * [Models] section, hence WdfDriverInitNonPnpDriver and EvtDriverUnload.
 */

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define MEMPROBE_TAG 'bPmM'

#define IOCTL_MEMPROBE_GET_RANGE_COUNT \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_BUFFERED, FILE_READ_ACCESS)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD MemProbeEvtDriverUnload;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL MemProbeEvtIoDeviceControl;

static NTSTATUS MemProbeCreateControlDevice(_In_ WDFDRIVER Driver);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, MemProbeCreateControlDevice)
#pragma alloc_text(PAGE, MemProbeEvtDriverUnload)
#endif

static WDFDEVICE MemProbeControlDevice;

NTSTATUS
DriverEntry(                                            // expect-entry: kmdf
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    NTSTATUS status;

    KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "memprobe: DriverEntry\n"));

    /* No EvtDriverDeviceAdd: nothing is ever enumerated for us. */
    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = MemProbeEvtDriverUnload;
    config.DriverPoolTag   = MEMPROBE_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath,
                             WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,
                   "memprobe: WdfDriverCreate failed 0x%x\n", status));
        return status;
    }

    status = MemProbeCreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,
                   "memprobe: control device creation failed 0x%x\n", status));
        return status;
    }

    return STATUS_SUCCESS;
}

static NTSTATUS
MemProbeCreateControlDevice(
    _In_ WDFDRIVER Driver
    )
{
    DECLARE_CONST_UNICODE_STRING(deviceName, L"\\Device\\MemProbe");
    DECLARE_CONST_UNICODE_STRING(symbolicLink, L"\\DosDevices\\MemProbe");
    PWDFDEVICE_INIT deviceInit;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFQUEUE queue;
    WDFDEVICE device;
    NTSTATUS status;

    PAGED_CODE();

    /* Administrators and SYSTEM only. */
    deviceInit = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (deviceInit == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(deviceInit, TRUE);
    WdfDeviceInitSetIoType(deviceInit, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(deviceInit, &deviceName);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(deviceInit);
        return status;
    }

    /* On success WdfDeviceCreate takes ownership of deviceInit. */
    status = WdfDeviceCreate(&deviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(deviceInit);
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(device, &symbolicLink);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(device);
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = MemProbeEvtIoDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(device);
        return status;
    }

    WdfControlFinishInitializing(device);
    MemProbeControlDevice = device;
    return STATUS_SUCCESS;
}

VOID
MemProbeEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(Driver);

    /* Delete the control device here rather than leave it to the framework. */
    if (MemProbeControlDevice != NULL) {
        WdfObjectDelete(MemProbeControlDevice);
        MemProbeControlDevice = NULL;
    }
}

VOID
MemProbeEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    PPHYSICAL_MEMORY_RANGE ranges;
    PULONG count;
    ULONG n = 0;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    size_t bytes = 0;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    if (IoControlCode == IOCTL_MEMPROBE_GET_RANGE_COUNT) {
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ULONG), (PVOID *)&count, NULL);
        if (NT_SUCCESS(status)) {
            ranges = MmGetPhysicalMemoryRanges();
            if (ranges == NULL) {
                status = STATUS_INSUFFICIENT_RESOURCES;
            } else {
                while (ranges[n].BaseAddress.QuadPart != 0 || ranges[n].NumberOfBytes.QuadPart != 0) {
                    n++;
                }
                ExFreePool(ranges);
                *count = n;
                bytes = sizeof(ULONG);
            }
        }
    }

    WdfRequestCompleteWithInformation(Request, status, bytes);
}
