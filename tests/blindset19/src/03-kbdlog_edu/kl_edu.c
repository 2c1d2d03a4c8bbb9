/*
 * kl_edu.c - keyboard filter for the "Windows internals" study group
 *
 * Attaches on top of \Device\KeyboardClass0, copies every scan code that
 * goes up the stack into a queue, and a system thread appends the codes
 * to \SystemRoot\kl_edu.log.  Meant to show IRP completion routines and
 * producer/consumer between DISPATCH_LEVEL and PASSIVE_LEVEL.  Run it in
 * a VM only.
 */
#include <ntddk.h>
#include <ntddkbd.h>
#include <ntstrsafe.h>

#define KL_TAG          'gLlK'
#define KL_LOG_PATH     L"\\SystemRoot\\kl_edu.log"
#define KL_CLASS_DEVICE L"\\Device\\KeyboardClass0"

typedef struct _kl_entry {
    LIST_ENTRY    link;
    USHORT        make_code;
    USHORT        flags;
    LARGE_INTEGER stamp;
} kl_entry;

typedef struct _kl_device_ext {
    PDEVICE_OBJECT lower_device;
    LIST_ENTRY     queue_head;
    KSPIN_LOCK     queue_lock;
    KSEMAPHORE     queue_sem;
    volatile LONG  pending_irps;
    volatile LONG  shutting_down;
    HANDLE         logger_thread;
    ULONG          keys_seen;
} kl_device_ext;

static PDEVICE_OBJECT kl_filter_device;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD kl_unload;
static DRIVER_DISPATCH kl_dispatch_pass;
static DRIVER_DISPATCH kl_dispatch_read;
static DRIVER_DISPATCH kl_dispatch_power;
static IO_COMPLETION_ROUTINE kl_read_complete;
static KSTART_ROUTINE kl_logger_thread;

static NTSTATUS
kl_dispatch_pass(PDEVICE_OBJECT device, PIRP irp)
{
    kl_device_ext *ext = (kl_device_ext *)device->DeviceExtension;

    IoSkipCurrentIrpStackLocation(irp);
    return IoCallDriver(ext->lower_device, irp);
}

static NTSTATUS
kl_dispatch_power(PDEVICE_OBJECT device, PIRP irp)
{
    kl_device_ext *ext = (kl_device_ext *)device->DeviceExtension;

    PoStartNextPowerIrp(irp);
    IoSkipCurrentIrpStackLocation(irp);
    return PoCallDriver(ext->lower_device, irp);
}

static NTSTATUS
kl_read_complete(PDEVICE_OBJECT device, PIRP irp, PVOID context)
{
    kl_device_ext *ext = (kl_device_ext *)context;
    PKEYBOARD_INPUT_DATA keys;
    ULONG count, i;

    UNREFERENCED_PARAMETER(device);

    if (NT_SUCCESS(irp->IoStatus.Status)) {
        keys = (PKEYBOARD_INPUT_DATA)irp->AssociatedIrp.SystemBuffer;
        count = (ULONG)(irp->IoStatus.Information / sizeof(KEYBOARD_INPUT_DATA));

        for (i = 0; i < count; i++) {
            kl_entry *entry = (kl_entry *)ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(kl_entry), KL_TAG);
            if (entry == NULL) {
                break;
            }
            entry->make_code = keys[i].MakeCode;
            entry->flags = keys[i].Flags;
            KeQuerySystemTime(&entry->stamp);

            ExInterlockedInsertTailList(&ext->queue_head, &entry->link, &ext->queue_lock);
            KeReleaseSemaphore(&ext->queue_sem, IO_NO_INCREMENT, 1, FALSE);
            InterlockedIncrement((volatile LONG *)&ext->keys_seen);
        }
    }

    if (irp->PendingReturned) {
        IoMarkIrpPending(irp);
    }
    InterlockedDecrement(&ext->pending_irps);
    return irp->IoStatus.Status;
}

static NTSTATUS
kl_dispatch_read(PDEVICE_OBJECT device, PIRP irp)
{
    kl_device_ext *ext = (kl_device_ext *)device->DeviceExtension;

    IoCopyCurrentIrpStackLocationToNext(irp);
    IoSetCompletionRoutine(irp, kl_read_complete, ext, TRUE, TRUE, TRUE);
    InterlockedIncrement(&ext->pending_irps);
    return IoCallDriver(ext->lower_device, irp);
}

static HANDLE
kl_open_log(void)
{
    UNICODE_STRING path = RTL_CONSTANT_STRING(KL_LOG_PATH);
    OBJECT_ATTRIBUTES attr;
    IO_STATUS_BLOCK iosb;
    HANDLE file = NULL;
    NTSTATUS status;

    InitializeObjectAttributes(&attr, &path, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ZwCreateFile(&file, FILE_APPEND_DATA | SYNCHRONIZE, &attr, &iosb, NULL,
                          FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ, FILE_OPEN_IF,
                          FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE, NULL, 0);
    if (!NT_SUCCESS(status)) {
        DbgPrint("kl_edu: cannot open log (0x%08x), keys will only be counted\n", status);
        return NULL;
    }
    return file;
}

static VOID
kl_logger_thread(PVOID context)
{
    kl_device_ext *ext = (kl_device_ext *)context;
    HANDLE file = kl_open_log();
    PLIST_ENTRY link;
    IO_STATUS_BLOCK iosb;
    CHAR line[64];
    size_t len;

    for (;;) {
        KeWaitForSingleObject(&ext->queue_sem, Executive, KernelMode, FALSE, NULL);

        link = ExInterlockedRemoveHeadList(&ext->queue_head, &ext->queue_lock);
        if (link == NULL) {
            if (ext->shutting_down) {
                break;
            }
            continue;
        }

        {
            kl_entry *entry = CONTAINING_RECORD(link, kl_entry, link);

            if (file != NULL &&
                NT_SUCCESS(RtlStringCbPrintfA(line, sizeof(line), "%I64d %04x %s\r\n",
                                              entry->stamp.QuadPart, entry->make_code,
                                              (entry->flags & KEY_BREAK) ? "up" : "down")) &&
                NT_SUCCESS(RtlStringCbLengthA(line, sizeof(line), &len))) {
                ZwWriteFile(file, NULL, NULL, NULL, &iosb, line, (ULONG)len, NULL, NULL);
            }
            ExFreePoolWithTag(entry, KL_TAG);
        }
    }

    if (file != NULL) {
        ZwClose(file);
    }
    PsTerminateSystemThread(STATUS_SUCCESS);
}

static VOID
kl_unload(PDRIVER_OBJECT driver_object)
{
    kl_device_ext *ext = (kl_device_ext *)kl_filter_device->DeviceExtension;
    LARGE_INTEGER delay;

    UNREFERENCED_PARAMETER(driver_object);

    IoDetachDevice(ext->lower_device);

    /* the read that is sitting in kbdclass only comes back on the next key */
    delay.QuadPart = -10 * 1000 * 100;
    while (ext->pending_irps > 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &delay);
    }

    InterlockedExchange(&ext->shutting_down, 1);
    KeReleaseSemaphore(&ext->queue_sem, IO_NO_INCREMENT, 1, FALSE);
    ZwWaitForSingleObject(ext->logger_thread, FALSE, NULL);
    ZwClose(ext->logger_thread);

    DbgPrint("kl_edu: unloaded after %lu keys\n", ext->keys_seen);
    IoDeleteDevice(kl_filter_device);
    kl_filter_device = NULL;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT driver_object, PUNICODE_STRING registry_path)
{
    UNICODE_STRING class_name = RTL_CONSTANT_STRING(KL_CLASS_DEVICE);
    OBJECT_ATTRIBUTES thread_attr;
    kl_device_ext *ext;
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(registry_path);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        driver_object->MajorFunction[i] = kl_dispatch_pass;
    }
    driver_object->MajorFunction[IRP_MJ_READ] = kl_dispatch_read;
    driver_object->MajorFunction[IRP_MJ_POWER] = kl_dispatch_power;
    driver_object->DriverUnload = kl_unload;

    status = IoCreateDevice(driver_object, sizeof(kl_device_ext), NULL, FILE_DEVICE_KEYBOARD,
                            0, FALSE, &kl_filter_device);
    if (!NT_SUCCESS(status)) {
        DbgPrint("kl_edu: IoCreateDevice failed (0x%08x)\n", status);
        return status;
    }

    ext = (kl_device_ext *)kl_filter_device->DeviceExtension;
    RtlZeroMemory(ext, sizeof(kl_device_ext));

    status = IoAttachDevice(kl_filter_device, &class_name, &ext->lower_device);
    if (!NT_SUCCESS(status)) {
        DbgPrint("kl_edu: IoAttachDevice failed (0x%08x)\n", status);
        IoDeleteDevice(kl_filter_device);
        kl_filter_device = NULL;
        return status;
    }

    kl_filter_device->Flags |= ext->lower_device->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    kl_filter_device->DeviceType = ext->lower_device->DeviceType;
    kl_filter_device->Characteristics = ext->lower_device->Characteristics;

    InitializeListHead(&ext->queue_head);
    KeInitializeSpinLock(&ext->queue_lock);
    KeInitializeSemaphore(&ext->queue_sem, 0, MAXLONG);

    InitializeObjectAttributes(&thread_attr, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    status = PsCreateSystemThread(&ext->logger_thread, THREAD_ALL_ACCESS, &thread_attr,
                                  NULL, NULL, kl_logger_thread, ext);
    if (!NT_SUCCESS(status)) {
        DbgPrint("kl_edu: PsCreateSystemThread failed (0x%08x)\n", status);
        return status;
    }

    kl_filter_device->Flags &= ~DO_DEVICE_INITIALIZING;
    DbgPrint("kl_edu: attached to %wZ\n", &class_name);
    return STATUS_SUCCESS;
}
