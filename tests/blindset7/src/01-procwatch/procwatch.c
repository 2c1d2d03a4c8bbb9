/*
 * ProcWatch - tiny process start/exit logger
 *
 * My first "real" driver after the hello-world ones: a control device, a
 * symbolic link so the console tool can open \\.\ProcWatch, and a process
 * creation callback that records events into a ring buffer.
 *
 * Build: WDK, link with /INTEGRITYCHECK (needed for the Ex notify routine).
 */
#include <ntddk.h>
#include <ntstrsafe.h>
#include "procwatch.h"

#define PW_TAG          'hWrP'
#define PW_RING_SLOTS   128

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PwUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH PwCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH PwDeviceControl;

static VOID PwProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo);
static NTSTATUS PwLoadSettings(PUNICODE_STRING RegistryPath);

/* globals */
static PDEVICE_OBJECT           g_Device;
static UNICODE_STRING           g_LinkName = RTL_CONSTANT_STRING(PROCWATCH_LINK_NAME);
static PPW_EVENT                g_Ring;
static ULONG                    g_RingHead;
static ULONG                    g_RingCount;
static KSPIN_LOCK               g_RingLock;
static NPAGED_LOOKASIDE_LIST    g_EventLookaside;
static ULONG                    g_IgnoreSystem = 1;

/* ------------------------------------------------------------------ */

static VOID PwPushEvent(const PW_EVENT *Event)
{
    KIRQL oldIrql;
    ULONG slot;

    KeAcquireSpinLock(&g_RingLock, &oldIrql);
    slot = (g_RingHead + g_RingCount) % PW_RING_SLOTS;
    if (g_RingCount == PW_RING_SLOTS) {
        /* full: drop the oldest */
        g_RingHead = (g_RingHead + 1) % PW_RING_SLOTS;
    } else {
        g_RingCount++;
    }
    RtlCopyMemory(&g_Ring[slot], Event, sizeof(PW_EVENT));
    KeReleaseSpinLock(&g_RingLock, oldIrql);
}

static VOID PwProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    PPW_EVENT ev;

    UNREFERENCED_PARAMETER(Process);

    if (g_IgnoreSystem && HandleToULong(ProcessId) <= 4) {
        return;
    }

    ev = (PPW_EVENT)ExAllocateFromNPagedLookasideList(&g_EventLookaside);
    if (ev == NULL) {
        return;
    }
    RtlZeroMemory(ev, sizeof(*ev));
    KeQuerySystemTime(&ev->Time);
    ev->ProcessId = HandleToULong(ProcessId);

    if (CreateInfo != NULL) {
        ev->Kind = PwEventStart;
        ev->ParentId = HandleToULong(CreateInfo->ParentProcessId);
        if (CreateInfo->ImageFileName != NULL) {
            USHORT chars = CreateInfo->ImageFileName->Length / sizeof(WCHAR);
            if (chars >= PW_MAX_IMAGE_CHARS) {
                chars = PW_MAX_IMAGE_CHARS - 1;
            }
            RtlCopyMemory(ev->Image, CreateInfo->ImageFileName->Buffer, chars * sizeof(WCHAR));
            ev->Image[chars] = L'\0';
        }
    } else {
        ev->Kind = PwEventExit;
    }

    PwPushEvent(ev);
    ExFreeToNPagedLookasideList(&g_EventLookaside, ev);
}

/* ------------------------------------------------------------------ */

NTSTATUS PwCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS PwDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;
    KIRQL oldIrql;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_PROCWATCH_READ: {
        ULONG outLen = stack->Parameters.DeviceIoControl.OutputBufferLength;
        ULONG maxEvents = outLen / sizeof(PW_EVENT);
        PPW_EVENT out = (PPW_EVENT)Irp->AssociatedIrp.SystemBuffer;
        ULONG n = 0;

        if (maxEvents == 0) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        KeAcquireSpinLock(&g_RingLock, &oldIrql);
        while (n < maxEvents && g_RingCount > 0) {
            RtlCopyMemory(&out[n], &g_Ring[g_RingHead], sizeof(PW_EVENT));
            g_RingHead = (g_RingHead + 1) % PW_RING_SLOTS;
            g_RingCount--;
            n++;
        }
        KeReleaseSpinLock(&g_RingLock, oldIrql);
        info = (ULONG_PTR)n * sizeof(PW_EVENT);
        status = STATUS_SUCCESS;
        break;
    }
    case IOCTL_PROCWATCH_CLEAR:
        KeAcquireSpinLock(&g_RingLock, &oldIrql);
        g_RingHead = 0;
        g_RingCount = 0;
        KeReleaseSpinLock(&g_RingLock, oldIrql);
        status = STATUS_SUCCESS;
        break;
    default:
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

/* ------------------------------------------------------------------ */

/* Reads IgnoreSystem (REG_DWORD) from the service key. Missing value = keep default. */
static NTSTATUS PwLoadSettings(PUNICODE_STRING RegistryPath)
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    ULONG value = g_IgnoreSystem;
    ULONG defaultValue = g_IgnoreSystem;
    NTSTATUS status;

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = L"IgnoreSystem";
    table[0].EntryContext = &value;
    table[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData = &defaultValue;
    table[0].DefaultLength = sizeof(ULONG);

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RegistryPath->Buffer, table, NULL, NULL);
    if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
        return STATUS_SUCCESS;
    }
    if (NT_SUCCESS(status)) {
        g_IgnoreSystem = value;
    }
    return status;
}

VOID PwUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(g_Device);

    ExDeleteNPagedLookasideList(&g_EventLookaside);
    ExFreePoolWithTag(g_Ring, PW_TAG);

    KdPrint(("ProcWatch: unloaded\n"));
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNICODE_STRING devName = RTL_CONSTANT_STRING(PROCWATCH_DEVICE_NAME);

    KdPrint(("ProcWatch: DriverEntry\n"));

    DriverObject->DriverUnload = PwUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = PwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PwDeviceControl;

    KeInitializeSpinLock(&g_RingLock);

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ProcWatch: IoCreateDevice failed 0x%08X\n", status));
        return status;
    }
    g_Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&g_LinkName, &devName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ProcWatch: IoCreateSymbolicLink failed 0x%08X\n", status));
        goto undo_device;
    }

    g_Ring = (PPW_EVENT)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                        PW_RING_SLOTS * sizeof(PW_EVENT), PW_TAG);
    if (g_Ring == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto undo_link;
    }

    ExInitializeNPagedLookasideList(&g_EventLookaside, NULL, NULL, POOL_NX_ALLOCATION,
                                    sizeof(PW_EVENT), PW_TAG, 0);

    status = PsSetCreateProcessNotifyRoutineEx(PwProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ProcWatch: PsSetCreateProcessNotifyRoutineEx failed 0x%08X\n", status));
        goto undo_ring;
    }

    status = PwLoadSettings(RegistryPath);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ProcWatch: bad settings 0x%08X\n", status));
        PsSetCreateProcessNotifyRoutineEx(PwProcessNotify, TRUE);
        goto undo_lookaside;
    }

    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;
    KdPrint(("ProcWatch: ready\n"));
    return STATUS_SUCCESS;

undo_lookaside:
    ExDeleteNPagedLookasideList(&g_EventLookaside);
undo_ring:
    ExFreePoolWithTag(g_Ring, PW_TAG);
    g_Ring = NULL;
undo_link:
    IoDeleteSymbolicLink(&g_LinkName);
undo_device:
    IoDeleteDevice(g_Device);
    g_Device = NULL;
    return status;
}
