/*
 * jitter.c - scheduler jitter sampler
 *
 * A system thread sleeps for js_period_ms at a time and records how late
 * it actually wakes up in a small histogram (buckets of 1 ms, last bucket
 * is "everything above").  \\.\JitterSampler returns the histogram.
 *
 * DriverEntry uses the do { ... } while (0) / break style with flags
 * instead of goto.
 */
#include <ntifs.h>
#include <ntddk.h>

#define JS_DEVICE_NAME      L"\\Device\\JitterSampler"
#define JS_LINK_NAME        L"\\DosDevices\\JitterSampler"
#define JS_BUCKETS          32
#define JS_PERIOD_MS        10

#define IOCTL_JS_GET_HISTOGRAM  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x930, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_JS_RESET          CTL_CODE(FILE_DEVICE_UNKNOWN, 0x931, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _js_histogram {
    ULONG64 samples;
    ULONG64 worst_100ns;
    ULONG   bucket[JS_BUCKETS];
} js_histogram;

typedef struct _js_state {
    PDEVICE_OBJECT device;
    PETHREAD       thread;
    KEVENT         stop_event;
    KSPIN_LOCK     lock;
    js_histogram   hist;
} js_state;

static js_state g_js;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD js_unload;
static DRIVER_DISPATCH js_create_close;
static DRIVER_DISPATCH js_device_control;
static KSTART_ROUTINE js_sampler_thread;

static VOID
js_record(js_state *js, ULONG64 late_100ns)
{
    ULONG bucket = (ULONG)(late_100ns / 10000);
    KIRQL irql;

    if (bucket >= JS_BUCKETS) {
        bucket = JS_BUCKETS - 1;
    }
    KeAcquireSpinLock(&js->lock, &irql);
    js->hist.samples++;
    js->hist.bucket[bucket]++;
    if (late_100ns > js->hist.worst_100ns) {
        js->hist.worst_100ns = late_100ns;
    }
    KeReleaseSpinLock(&js->lock, irql);
}

static VOID
js_sampler_thread(PVOID context)
{
    js_state *js = (js_state *)context;
    LARGE_INTEGER timeout;
    ULONG64 before, after, expected;
    NTSTATUS status;

    timeout.QuadPart = -(LONGLONG)JS_PERIOD_MS * 10000;
    expected = (ULONG64)JS_PERIOD_MS * 10000;

    for (;;) {
        before = KeQueryInterruptTime();
        status = KeWaitForSingleObject(&js->stop_event, Executive, KernelMode, FALSE, &timeout);
        if (status != STATUS_TIMEOUT) {
            break;
        }
        after = KeQueryInterruptTime();
        js_record(js, (after - before > expected) ? (after - before - expected) : 0);
    }

    PsTerminateSystemThread(STATUS_SUCCESS);
}

static NTSTATUS
js_create_close(PDEVICE_OBJECT device_object, PIRP irp)
{
    UNREFERENCED_PARAMETER(device_object);

    irp->IoStatus.Status = STATUS_SUCCESS;
    irp->IoStatus.Information = 0;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS
js_device_control(PDEVICE_OBJECT device_object, PIRP irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(irp);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;
    KIRQL irql;

    UNREFERENCED_PARAMETER(device_object);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_JS_GET_HISTOGRAM:
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(js_histogram)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        KeAcquireSpinLock(&g_js.lock, &irql);
        RtlCopyMemory(irp->AssociatedIrp.SystemBuffer, &g_js.hist, sizeof(js_histogram));
        KeReleaseSpinLock(&g_js.lock, irql);
        info = sizeof(js_histogram);
        break;

    case IOCTL_JS_RESET:
        KeAcquireSpinLock(&g_js.lock, &irql);
        RtlZeroMemory(&g_js.hist, sizeof(g_js.hist));
        KeReleaseSpinLock(&g_js.lock, irql);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    irp->IoStatus.Status = status;
    irp->IoStatus.Information = info;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

static VOID
js_unload(PDRIVER_OBJECT driver_object)
{
    UNICODE_STRING link_name = RTL_CONSTANT_STRING(JS_LINK_NAME);

    UNREFERENCED_PARAMETER(driver_object);

    KeSetEvent(&g_js.stop_event, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(g_js.thread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(g_js.thread);
    g_js.thread = NULL;

    IoDeleteSymbolicLink(&link_name);
    IoDeleteDevice(g_js.device);
    g_js.device = NULL;

    DbgPrint("jitter: %I64u samples, worst %I64u us\n", g_js.hist.samples, g_js.hist.worst_100ns / 10);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT driver_object, PUNICODE_STRING registry_path)
{
    UNICODE_STRING dev_name = RTL_CONSTANT_STRING(JS_DEVICE_NAME);
    UNICODE_STRING link_name = RTL_CONSTANT_STRING(JS_LINK_NAME);
    OBJECT_ATTRIBUTES thread_attr;
    HANDLE thread_handle = NULL;
    BOOLEAN device_created = FALSE;
    BOOLEAN link_created = FALSE;
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(registry_path);

    driver_object->MajorFunction[IRP_MJ_CREATE] = js_create_close;
    driver_object->MajorFunction[IRP_MJ_CLOSE] = js_create_close;
    driver_object->MajorFunction[IRP_MJ_DEVICE_CONTROL] = js_device_control;
    driver_object->DriverUnload = js_unload;

    RtlZeroMemory(&g_js, sizeof(g_js));
    KeInitializeEvent(&g_js.stop_event, NotificationEvent, FALSE);
    KeInitializeSpinLock(&g_js.lock);

    do {
        status = IoCreateDevice(driver_object, 0, &dev_name, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &g_js.device);
        if (!NT_SUCCESS(status)) {
            DbgPrint("jitter: IoCreateDevice 0x%08X\n", status);
            break;
        }
        device_created = TRUE;
        g_js.device->Flags |= DO_BUFFERED_IO;

        status = IoCreateSymbolicLink(&link_name, &dev_name);
        if (!NT_SUCCESS(status)) {
            DbgPrint("jitter: IoCreateSymbolicLink 0x%08X\n", status);
            break;
        }
        link_created = TRUE;

        InitializeObjectAttributes(&thread_attr, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
        status = PsCreateSystemThread(&thread_handle, THREAD_ALL_ACCESS, &thread_attr,
                                      NULL, NULL, js_sampler_thread, &g_js);
        if (!NT_SUCCESS(status)) {
            DbgPrint("jitter: PsCreateSystemThread 0x%08X\n", status);
            thread_handle = NULL;
            break;
        }

        status = ObReferenceObjectByHandle(thread_handle, SYNCHRONIZE, *PsThreadType, KernelMode,
                                           (PVOID *)&g_js.thread, NULL);
        if (!NT_SUCCESS(status)) {
            /* no object pointer for Unload to wait on: stop the thread here */
            DbgPrint("jitter: ObReferenceObjectByHandle 0x%08X\n", status);
            g_js.thread = NULL;
            KeSetEvent(&g_js.stop_event, IO_NO_INCREMENT, FALSE);
            ZwWaitForSingleObject(thread_handle, FALSE, NULL);
            break;
        }
    } while (0);

    if (thread_handle != NULL) {
        ZwClose(thread_handle);
    }

    if (!NT_SUCCESS(status)) {
        if (link_created) {
            IoDeleteSymbolicLink(&link_name);
        }
        if (device_created) {
            IoDeleteDevice(g_js.device);
            g_js.device = NULL;
        }
        return status;
    }

    g_js.device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
