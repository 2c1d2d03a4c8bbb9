/*
 * ramlog.c -- keeps the last N KB of text written to \\.\RamLog in
 * non-paged memory and flushes it to a file from a work item.
 *
 * Settings (HKLM\SYSTEM\CurrentControlSet\Services\RamLog\Parameters):
 *   BufferKb   (DWORD)  size of the in-memory ring, default 64
 *   FlushFile  (SZ)     file to flush to, default \SystemRoot\ramlog.txt
 *
 * "ramlogctl reload" sends IOCTL_RAMLOG_RELOAD to re-read them.
 *
 * 2020, hobby project.  GPLv2.
 */
#include <ntddk.h>
#include <ntstrsafe.h>

#define RL_TAG            'goLR'
#define RL_DEFAULT_KB     64
#define RL_MAX_KB         4096
#define IOCTL_RAMLOG_RELOAD  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_NEITHER, FILE_WRITE_ACCESS)
#define IOCTL_RAMLOG_FLUSH   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x821, METHOD_NEITHER, FILE_WRITE_ACCESS)

#define LOG(x) KdPrint(x)

typedef struct _RL_CONFIG {
    ULONG BufferKb;
    WCHAR FlushFile[260];
} RL_CONFIG;

PDEVICE_OBJECT g_Device;
PIO_WORKITEM   g_FlushItem;
volatile LONG  g_FlushQueued;
KSPIN_LOCK     g_RingLock;
PUCHAR         g_Ring;
ULONG          g_RingSize;
ULONG          g_RingHead;
RL_CONFIG      g_Config;
WCHAR          g_ParamPath[256];

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RlUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH RlCreateClose;
_Dispatch_type_(IRP_MJ_WRITE) DRIVER_DISPATCH RlWrite;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH RlIoctl;
IO_WORKITEM_ROUTINE RlFlushWorker;
NTSTATUS RlLoadConfig(VOID);

#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, RlLoadConfig)
#pragma alloc_text(PAGE, RlIoctl)
#pragma alloc_text(PAGE, RlFlushWorker)

// Reads Parameters into g_Config.  Values that are missing keep their defaults.
NTSTATUS RlLoadConfig(VOID)
{
    RTL_QUERY_REGISTRY_TABLE qt[3];
    UNICODE_STRING file;
    ULONG kb = RL_DEFAULT_KB;
    ULONG defKb = RL_DEFAULT_KB;
    NTSTATUS status;

    RtlInitEmptyUnicodeString(&file, g_Config.FlushFile, sizeof(g_Config.FlushFile));
    RtlUnicodeStringCopyString(&file, L"\\SystemRoot\\ramlog.txt");

    RtlZeroMemory(qt, sizeof(qt));
    qt[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    qt[0].Name = L"BufferKb";
    qt[0].EntryContext = &kb;
    qt[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    qt[0].DefaultData = &defKb;
    qt[0].DefaultLength = sizeof(ULONG);

    qt[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    qt[1].Name = L"FlushFile";
    qt[1].EntryContext = &file;
    qt[1].DefaultType = (REG_SZ << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    g_ParamPath, qt, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        LOG(("ramlog: RtlQueryRegistryValues 0x%08X, using defaults\n", status));
    }

    if (kb == 0 || kb > RL_MAX_KB) kb = RL_DEFAULT_KB;
    g_Config.BufferKb = kb;
    return STATUS_SUCCESS;
}

NTSTATUS RlCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS RlWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG len = sp->Parameters.Write.Length;
    PUCHAR src = (PUCHAR)Irp->AssociatedIrp.SystemBuffer;
    KIRQL irql;
    ULONG i;

    UNREFERENCED_PARAMETER(DeviceObject);

    KeAcquireSpinLock(&g_RingLock, &irql);
    for (i = 0; i < len; i++) {
        g_Ring[g_RingHead] = src[i];
        g_RingHead = (g_RingHead + 1) % g_RingSize;
    }
    KeReleaseSpinLock(&g_RingLock, irql);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = len;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID RlFlushWorker(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;
    UNICODE_STRING name;
    HANDLE file;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);
    PAGED_CODE();

    RtlInitUnicodeString(&name, g_Config.FlushFile);
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwCreateFile(&file, FILE_APPEND_DATA | SYNCHRONIZE, &oa, &iosb, NULL,
                          FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ, FILE_OPEN_IF,
                          FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0);
    if (NT_SUCCESS(status)) {
        // ring is written as-is; ramlogctl sorts it out
        ZwWriteFile(file, NULL, NULL, NULL, &iosb, g_Ring, g_RingSize, NULL, NULL);
        ZwClose(file);
    }
    InterlockedExchange(&g_FlushQueued, 0);
}

NTSTATUS RlIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_RAMLOG_RELOAD:
        // new FlushFile takes effect at the next flush; BufferKb needs a restart
        status = RlLoadConfig();
        break;
    case IOCTL_RAMLOG_FLUSH:
        if (InterlockedCompareExchange(&g_FlushQueued, 1, 0) == 0)
            IoQueueWorkItem(g_FlushItem, RlFlushWorker, DelayedWorkQueue, NULL);
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID RlUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\RamLog");
    LARGE_INTEGER wait;

    UNREFERENCED_PARAMETER(DriverObject);

    IoDeleteSymbolicLink(&link);

    // a queued flush holds no reference we can wait on; poll for it
    wait.QuadPart = -10 * 1000 * 100;   // 100 ms
    while (InterlockedCompareExchange(&g_FlushQueued, 0, 0) != 0)
        KeDelayExecutionThread(KernelMode, FALSE, &wait);

    IoFreeWorkItem(g_FlushItem);
    IoDeleteDevice(g_Device);
    ExFreePoolWithTag(g_Ring, RL_TAG);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING dev = RTL_CONSTANT_STRING(L"\\Device\\RamLog");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\RamLog");
    NTSTATUS status;

    status = RtlStringCbPrintfW(g_ParamPath, sizeof(g_ParamPath), L"%wZ\\Parameters", RegistryPath);
    if (!NT_SUCCESS(status)) return status;

    (VOID)RlLoadConfig();   // never fails, falls back to defaults

    g_RingSize = g_Config.BufferKb * 1024;
    g_Ring = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, g_RingSize, RL_TAG);
    if (!g_Ring) return STATUS_INSUFFICIENT_RESOURCES;
    KeInitializeSpinLock(&g_RingLock);

    status = IoCreateDevice(DriverObject, 0, &dev, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(g_Ring, RL_TAG);
        return status;
    }
    g_Device->Flags |= DO_BUFFERED_IO;

    g_FlushItem = IoAllocateWorkItem(g_Device);
    if (!g_FlushItem) {
        IoDeleteDevice(g_Device);
        ExFreePoolWithTag(g_Ring, RL_TAG);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = IoCreateSymbolicLink(&link, &dev);
    if (!NT_SUCCESS(status)) {
        IoFreeWorkItem(g_FlushItem);
        IoDeleteDevice(g_Device);
        ExFreePoolWithTag(g_Ring, RL_TAG);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = RlWrite;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RlIoctl;
    DriverObject->DriverUnload = RlUnload;

    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;
    LOG(("ramlog: %lu KB ring, flushing to %ws\n", g_Config.BufferKb, g_Config.FlushFile));
    return STATUS_SUCCESS;
}
