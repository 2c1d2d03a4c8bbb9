/*
 * kpipe.c -- four in-kernel byte pipes, \\.\KPipe0 .. \\.\KPipe3
 *
 * Whatever you WriteFile() into a pipe comes back out of ReadFile() on the
 * same pipe (FIFO, 4 KB each). One dispatch routine with a switch on the
 * major function handles everything. Homework for the "multiple device
 * objects" lesson.
 */
#include <ntddk.h>
#include <ntstrsafe.h>

#define PIPE_COUNT      4
#define PIPE_BYTES      4096
#define PIPE_NAME_CHARS 40

#define IOCTL_KPIPE_QUERY CTL_CODE(FILE_DEVICE_UNKNOWN, 0x830, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_KPIPE_FLUSH CTL_CODE(FILE_DEVICE_UNKNOWN, 0x831, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _PIPE_EXTENSION {
    ULONG          Index;
    KSPIN_LOCK     Lock;
    ULONG          Head;
    ULONG          Used;
    UNICODE_STRING LinkName;
    WCHAR          LinkBuffer[PIPE_NAME_CHARS];
    UCHAR          Data[PIPE_BYTES];
} PIPE_EXTENSION, *PPIPE_EXTENSION;

typedef struct _PIPE_INFO {
    ULONG Index;
    ULONG Used;
    ULONG Free;
} PIPE_INFO, *PPIPE_INFO;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PipeUnload;
DRIVER_DISPATCH PipeDispatch;

static PDEVICE_OBJECT g_Pipes[PIPE_COUNT];

/* ------------------------------------------------------------------------ */

static ULONG PipeWrite(PPIPE_EXTENSION ext, const UCHAR *src, ULONG length)
{
    KIRQL irql;
    ULONG n, tail;

    KeAcquireSpinLock(&ext->Lock, &irql);
    if (length > PIPE_BYTES - ext->Used) {
        length = PIPE_BYTES - ext->Used;
    }
    for (n = 0; n < length; n++) {
        tail = (ext->Head + ext->Used) % PIPE_BYTES;
        ext->Data[tail] = src[n];
        ext->Used++;
    }
    KeReleaseSpinLock(&ext->Lock, irql);
    return length;
}

static ULONG PipeRead(PPIPE_EXTENSION ext, UCHAR *dst, ULONG length)
{
    KIRQL irql;
    ULONG n;

    KeAcquireSpinLock(&ext->Lock, &irql);
    if (length > ext->Used) {
        length = ext->Used;
    }
    for (n = 0; n < length; n++) {
        dst[n] = ext->Data[ext->Head];
        ext->Head = (ext->Head + 1) % PIPE_BYTES;
        ext->Used--;
    }
    KeReleaseSpinLock(&ext->Lock, irql);
    return length;
}

NTSTATUS PipeDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PPIPE_EXTENSION ext = (PPIPE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    PUCHAR buffer = (PUCHAR)Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;
    KIRQL irql;

    switch (stack->MajorFunction) {
    case IRP_MJ_CREATE:
    case IRP_MJ_CLOSE:
    case IRP_MJ_CLEANUP:
        break;

    case IRP_MJ_WRITE:
        info = PipeWrite(ext, buffer, stack->Parameters.Write.Length);
        if (info == 0 && stack->Parameters.Write.Length != 0) {
            status = STATUS_DISK_FULL;
        }
        break;

    case IRP_MJ_READ:
        info = PipeRead(ext, buffer, stack->Parameters.Read.Length);
        break;

    case IRP_MJ_DEVICE_CONTROL:
        switch (stack->Parameters.DeviceIoControl.IoControlCode) {
        case IOCTL_KPIPE_QUERY:
            if (stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(PIPE_INFO)) {
                status = STATUS_BUFFER_TOO_SMALL;
                break;
            }
            KeAcquireSpinLock(&ext->Lock, &irql);
            ((PPIPE_INFO)buffer)->Index = ext->Index;
            ((PPIPE_INFO)buffer)->Used = ext->Used;
            ((PPIPE_INFO)buffer)->Free = PIPE_BYTES - ext->Used;
            KeReleaseSpinLock(&ext->Lock, irql);
            info = sizeof(PIPE_INFO);
            break;
        case IOCTL_KPIPE_FLUSH:
            KeAcquireSpinLock(&ext->Lock, &irql);
            ext->Head = 0;
            ext->Used = 0;
            KeReleaseSpinLock(&ext->Lock, irql);
            break;
        default:
            status = STATUS_INVALID_DEVICE_REQUEST;
            break;
        }
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

/* ------------------------------------------------------------------------ */

VOID PipeUnload(PDRIVER_OBJECT DriverObject)
{
    ULONG i;

    UNREFERENCED_PARAMETER(DriverObject);

    for (i = 0; i < PIPE_COUNT; i++) {
        if (g_Pipes[i] != NULL) {
            PPIPE_EXTENSION ext = (PPIPE_EXTENSION)g_Pipes[i]->DeviceExtension;
            IoDeleteSymbolicLink(&ext->LinkName);
            IoDeleteDevice(g_Pipes[i]);
            g_Pipes[i] = NULL;
        }
    }
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WCHAR devBuffer[PIPE_NAME_CHARS];
    UNICODE_STRING devName;
    PDEVICE_OBJECT dev;
    PPIPE_EXTENSION ext;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->DriverUnload = PipeUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = PipeDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PipeDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = PipeDispatch;
    DriverObject->MajorFunction[IRP_MJ_READ] = PipeDispatch;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = PipeDispatch;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PipeDispatch;

    for (i = 0; i < PIPE_COUNT; i++) {
        status = RtlStringCbPrintfW(devBuffer, sizeof(devBuffer), L"\\Device\\KPipe%u", i);
        if (!NT_SUCCESS(status)) {
            break;
        }
        RtlInitUnicodeString(&devName, devBuffer);

        status = IoCreateDevice(DriverObject, sizeof(PIPE_EXTENSION), &devName,
                                FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &dev);
        if (!NT_SUCCESS(status)) {
            break;
        }

        ext = (PPIPE_EXTENSION)dev->DeviceExtension;
        RtlZeroMemory(ext, sizeof(PIPE_EXTENSION));
        ext->Index = i;
        KeInitializeSpinLock(&ext->Lock);

        status = RtlStringCbPrintfW(ext->LinkBuffer, sizeof(ext->LinkBuffer),
                                    L"\\DosDevices\\KPipe%u", i);
        if (!NT_SUCCESS(status)) {
            break;
        }
        RtlInitUnicodeString(&ext->LinkName, ext->LinkBuffer);

        status = IoCreateSymbolicLink(&ext->LinkName, &devName);
        if (!NT_SUCCESS(status)) {
            break;
        }

        dev->Flags |= DO_BUFFERED_IO;
        dev->Flags &= ~DO_DEVICE_INITIALIZING;
        g_Pipes[i] = dev;
    }

    if (!NT_SUCCESS(status)) {
        KdPrint(("KPipe: pipe %u failed with 0x%08X, rolling back\n", i, status));
        while (i > 0) {
            i--;
            ext = (PPIPE_EXTENSION)g_Pipes[i]->DeviceExtension;
            IoDeleteSymbolicLink(&ext->LinkName);
            IoDeleteDevice(g_Pipes[i]);
            g_Pipes[i] = NULL;
        }
        return status;
    }

    KdPrint(("KPipe: %u pipes ready\n", PIPE_COUNT));
    return STATUS_SUCCESS;
}
