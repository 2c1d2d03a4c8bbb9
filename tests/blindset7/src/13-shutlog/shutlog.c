/*
 *  ShutLog -- writes a line to C:\Windows\shutlog.txt on load, on every
 *  write to \\.\ShutLog and at system shutdown. I use it to see whether
 *  my test VM actually shuts down cleanly or gets reset by the host.
 *
 *  DriverEntry uses __try/__finally so that every early exit goes through
 *  the same teardown code (the same one Unload uses).
 */
#include <ntddk.h>
#include <ntstrsafe.h>

#define SL_TAG          'golS'
#define SL_MAX_WRITE    512

typedef struct _SL_GLOBALS {
    PDEVICE_OBJECT Device;
    HANDLE         LogFile;
    ERESOURCE      LogLock;
    BOOLEAN        LinkCreated;
    BOOLEAN        LockReady;
    BOOLEAN        ShutdownRegistered;
} SL_GLOBALS;

static SL_GLOBALS     g;
static UNICODE_STRING g_DevName  = RTL_CONSTANT_STRING(L"\\Device\\ShutLog");
static UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(L"\\DosDevices\\ShutLog");
static UNICODE_STRING g_LogPath  = RTL_CONSTANT_STRING(L"\\SystemRoot\\shutlog.txt");

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD SlUnload;
DRIVER_DISPATCH SlCreateClose;
DRIVER_DISPATCH SlWrite;
DRIVER_DISPATCH SlShutdown;

/* ---------------------------------------------------------------------- */

static NTSTATUS SlOpenLog(VOID)
{
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;

    InitializeObjectAttributes(&oa, &g_LogPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    return ZwCreateFile(&g.LogFile, FILE_APPEND_DATA | SYNCHRONIZE, &oa, &iosb, NULL,
                        FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ, FILE_OPEN_IF,
                        FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE | FILE_WRITE_THROUGH,
                        NULL, 0);
}

/* Appends "YYYY-MM-DD hh:mm:ss <what>\r\n". PASSIVE_LEVEL only. */
static VOID SlWriteLine(PCSTR What, ULONG WhatLength)
{
    LARGE_INTEGER now, local;
    TIME_FIELDS tf;
    IO_STATUS_BLOCK iosb;
    CHAR prefix[32];
    size_t prefixLength;

    if (g.LogFile == NULL) {
        return;
    }

    KeQuerySystemTime(&now);
    ExSystemTimeToLocalTime(&now, &local);
    RtlTimeToTimeFields(&local, &tf);
    if (!NT_SUCCESS(RtlStringCbPrintfA(prefix, sizeof(prefix), "%04u-%02u-%02u %02u:%02u:%02u ",
                                       tf.Year, tf.Month, tf.Day, tf.Hour, tf.Minute, tf.Second)) ||
        !NT_SUCCESS(RtlStringCbLengthA(prefix, sizeof(prefix), &prefixLength))) {
        return;
    }

    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&g.LogLock, TRUE);
    ZwWriteFile(g.LogFile, NULL, NULL, NULL, &iosb, prefix, (ULONG)prefixLength, NULL, NULL);
    ZwWriteFile(g.LogFile, NULL, NULL, NULL, &iosb, (PVOID)What, WhatLength, NULL, NULL);
    ZwWriteFile(g.LogFile, NULL, NULL, NULL, &iosb, "\r\n", 2, NULL, NULL);
    ExReleaseResourceLite(&g.LogLock);
    KeLeaveCriticalRegion();
}

#define SL_WRITE_LITERAL(s) SlWriteLine((s), sizeof(s) - 1)

/* Used by Unload and by a failing DriverEntry. Safe on partial setup. */
static VOID SlTeardown(VOID)
{
    if (g.ShutdownRegistered) {
        IoUnregisterShutdownNotification(g.Device);
        g.ShutdownRegistered = FALSE;
    }
    if (g.LogFile != NULL) {
        ZwClose(g.LogFile);
        g.LogFile = NULL;
    }
    if (g.LockReady) {
        ExDeleteResourceLite(&g.LogLock);
        g.LockReady = FALSE;
    }
    if (g.LinkCreated) {
        IoDeleteSymbolicLink(&g_LinkName);
        g.LinkCreated = FALSE;
    }
    if (g.Device != NULL) {
        IoDeleteDevice(g.Device);
        g.Device = NULL;
    }
}

/* ---------------------------------------------------------------------- */

NTSTATUS SlCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS SlWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG length = stack->Parameters.Write.Length;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (length > SL_MAX_WRITE) {
        length = SL_MAX_WRITE;
    }
    if (length != 0) {
        SlWriteLine((PCSTR)Irp->AssociatedIrp.SystemBuffer, length);
    }

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = length;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS SlShutdown(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    IO_STATUS_BLOCK iosb;

    UNREFERENCED_PARAMETER(DeviceObject);

    SL_WRITE_LITERAL("system shutdown");
    if (g.LogFile != NULL) {
        ZwFlushBuffersFile(g.LogFile, &iosb);
    }

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID SlUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    SL_WRITE_LITERAL("driver unloaded");
    SlTeardown();
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status = STATUS_UNSUCCESSFUL;
    BOOLEAN ok = FALSE;

    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = SlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = SlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = SlWrite;
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = SlShutdown;

    __try {
        status = IoCreateDevice(DriverObject, 0, &g_DevName, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &g.Device);
        if (!NT_SUCCESS(status)) {
            __leave;
        }
        g.Device->Flags |= DO_BUFFERED_IO;

        status = IoCreateSymbolicLink(&g_LinkName, &g_DevName);
        if (!NT_SUCCESS(status)) {
            __leave;
        }
        g.LinkCreated = TRUE;

        status = ExInitializeResourceLite(&g.LogLock);
        if (!NT_SUCCESS(status)) {
            __leave;
        }
        g.LockReady = TRUE;

        status = SlOpenLog();
        if (!NT_SUCCESS(status)) {
            KdPrint(("ShutLog: cannot open %wZ: 0x%08X\n", &g_LogPath, status));
            g.LogFile = NULL;
            __leave;
        }

        status = IoRegisterShutdownNotification(g.Device);
        if (!NT_SUCCESS(status)) {
            __leave;
        }
        g.ShutdownRegistered = TRUE;

        SL_WRITE_LITERAL("driver loaded");
        DriverObject->DriverUnload = SlUnload;
        g.Device->Flags &= ~DO_DEVICE_INITIALIZING;
        ok = TRUE;
    } __finally {
        if (!ok) {
            SlTeardown();
            DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = NULL;
        }
    }

    return status;
}
