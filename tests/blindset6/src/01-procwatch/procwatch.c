/*
 * procwatch - tiny process/thread monitor.
 * my first driver, based on stuff from the book and some blogs :)
 * build with VS2019 + WDK, load with sc create procwatch type= kernel binPath= ...
 */
#include <ntifs.h>
#include <ntstrsafe.h>
#include "procwatch.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PwUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH PwCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH PwDeviceControl;

LIST_ENTRY g_EventList;
KSPIN_LOCK g_EventLock;
ULONG g_EventCount = 0;

PDEVICE_OBJECT g_DeviceObject = NULL;
BOOLEAN g_ProcNotifyOn = FALSE;
BOOLEAN g_ThreadNotifyOn = FALSE;

void OnProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo);
void OnThreadNotify(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create);

VOID PwPushEvent(PPW_EVENT Event)
{
    PPW_EVENT_ENTRY entry;
    KIRQL irql;

    entry = (PPW_EVENT_ENTRY)ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(PW_EVENT_ENTRY), PW_POOL_TAG);
    if (entry == NULL) {
        DbgPrint("[procwatch] out of memory, event dropped\n");
        return;
    }
    RtlCopyMemory(&entry->Event, Event, sizeof(PW_EVENT));

    KeAcquireSpinLock(&g_EventLock, &irql);
    if (g_EventCount >= PW_MAX_EVENTS) {
        // drop oldest
        PLIST_ENTRY old = RemoveHeadList(&g_EventList);
        ExFreePoolWithTag(CONTAINING_RECORD(old, PW_EVENT_ENTRY, Link), PW_POOL_TAG);
        g_EventCount--;
    }
    InsertTailList(&g_EventList, &entry->Link);
    g_EventCount++;
    KeReleaseSpinLock(&g_EventLock, irql);
}

ULONG PwPopEvents(PPW_EVENT Buffer, ULONG MaxCount)
{
    ULONG n = 0;
    KIRQL irql;

    KeAcquireSpinLock(&g_EventLock, &irql);
    while (n < MaxCount && !IsListEmpty(&g_EventList)) {
        PLIST_ENTRY le = RemoveHeadList(&g_EventList);
        PPW_EVENT_ENTRY e = CONTAINING_RECORD(le, PW_EVENT_ENTRY, Link);
        RtlCopyMemory(&Buffer[n], &e->Event, sizeof(PW_EVENT));
        ExFreePoolWithTag(e, PW_POOL_TAG);
        g_EventCount--;
        n++;
    }
    KeReleaseSpinLock(&g_EventLock, irql);
    return n;
}

VOID PwFreeAllEvents(VOID)
{
    KIRQL irql;
    KeAcquireSpinLock(&g_EventLock, &irql);
    while (!IsListEmpty(&g_EventList)) {
        PLIST_ENTRY le = RemoveHeadList(&g_EventList);
        ExFreePoolWithTag(CONTAINING_RECORD(le, PW_EVENT_ENTRY, Link), PW_POOL_TAG);
    }
    g_EventCount = 0;
    KeReleaseSpinLock(&g_EventLock, irql);
}

void OnProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    PW_EVENT ev;
    UNREFERENCED_PARAMETER(Process);

    RtlZeroMemory(&ev, sizeof(ev));
    KeQuerySystemTime(&ev.Time);
    ev.ProcessId = HandleToULong(ProcessId);

    if (CreateInfo != NULL) {
        ev.Type = PwProcessCreate;
        ev.ParentId = HandleToULong(CreateInfo->ParentProcessId);
        if (CreateInfo->ImageFileName != NULL) {
            USHORT len = CreateInfo->ImageFileName->Length / sizeof(WCHAR);
            if (len > 63) len = 63;
            RtlCopyMemory(ev.ImageName, CreateInfo->ImageFileName->Buffer, len * sizeof(WCHAR));
            ev.ImageName[len] = L'\0';
        }
        DbgPrint("[procwatch] process %u created by %u\n", ev.ProcessId, ev.ParentId);
    } else {
        ev.Type = PwProcessExit;
        DbgPrint("[procwatch] process %u exited\n", ev.ProcessId);
    }
    PwPushEvent(&ev);
}

void OnThreadNotify(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    PW_EVENT ev;

    RtlZeroMemory(&ev, sizeof(ev));
    KeQuerySystemTime(&ev.Time);
    ev.Type = Create ? PwThreadCreate : PwThreadExit;
    ev.ProcessId = HandleToULong(ProcessId);
    ev.ThreadId = HandleToULong(ThreadId);
    PwPushEvent(&ev);
}

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
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;
    UNREFERENCED_PARAMETER(DeviceObject);

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_PW_GET_EVENTS: {
        ULONG outLen = stack->Parameters.DeviceIoControl.OutputBufferLength;
        ULONG max = outLen / sizeof(PW_EVENT);
        if (max == 0) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        info = PwPopEvents((PPW_EVENT)Irp->AssociatedIrp.SystemBuffer, max) * sizeof(PW_EVENT);
        break;
    }
    case IOCTL_PW_CLEAR:
        PwFreeAllEvents();
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

VOID PwUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING linkName;
    UNREFERENCED_PARAMETER(DriverObject);

    DbgPrint("[procwatch] unloading\n");

    if (g_ThreadNotifyOn) {
        PsRemoveCreateThreadNotifyRoutine(OnThreadNotify);
        g_ThreadNotifyOn = FALSE;
    }
    if (g_ProcNotifyOn) {
        PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, TRUE);
        g_ProcNotifyOn = FALSE;
    }

    RtlInitUnicodeString(&linkName, PW_LINK_NAME);
    IoDeleteSymbolicLink(&linkName);
    if (g_DeviceObject) {
        IoDeleteDevice(g_DeviceObject);
        g_DeviceObject = NULL;
    }
    PwFreeAllEvents();
    DbgPrint("[procwatch] bye\n");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNICODE_STRING devName;
    UNICODE_STRING linkName;

    UNREFERENCED_PARAMETER(RegistryPath);
    DbgPrint("[procwatch] DriverEntry, built " __DATE__ " " __TIME__ "\n");

    InitializeListHead(&g_EventList);
    KeInitializeSpinLock(&g_EventLock);

    RtlInitUnicodeString(&devName, PW_DEVICE_NAME);
    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_DeviceObject);
    if (!NT_SUCCESS(status)) {
        DbgPrint("[procwatch] IoCreateDevice failed 0x%08X\n", status);
        return status;
    }
    g_DeviceObject->Flags |= DO_BUFFERED_IO;

    RtlInitUnicodeString(&linkName, PW_LINK_NAME);
    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        DbgPrint("[procwatch] IoCreateSymbolicLink failed 0x%08X\n", status);
        IoDeleteDevice(g_DeviceObject);
        return status;
    }

    // needs /INTEGRITYCHECK in linker options or you get ACCESS_DENIED here!
    status = PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        DbgPrint("[procwatch] PsSetCreateProcessNotifyRoutineEx failed 0x%08X\n", status);
        IoDeleteSymbolicLink(&linkName);
        IoDeleteDevice(g_DeviceObject);
        return status;
    }
    g_ProcNotifyOn = TRUE;
    DbgPrint("[procwatch] process notify on\n");

    status = PsSetCreateThreadNotifyRoutine(OnThreadNotify);
    if (!NT_SUCCESS(status)) {
        DbgPrint("[procwatch] PsSetCreateThreadNotifyRoutine failed 0x%08X\n", status);
        IoDeleteSymbolicLink(&linkName);
        IoDeleteDevice(g_DeviceObject);
        return status;
    }
    g_ThreadNotifyOn = TRUE;
    DbgPrint("[procwatch] thread notify on\n");

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PwDeviceControl;
    DriverObject->DriverUnload = PwUnload;

    DbgPrint("[procwatch] loaded ok\n");
    return STATUS_SUCCESS;
}
