// sentry.cpp
// Collects process and thread create/exit events; a client reads them
// with ReadFile on \\.\Sentry. Chapter 9 exercise, extended a bit.

#include "sentry.h"

SentryGlobals g_Globals;
UNICODE_STRING g_SymLink = RTL_CONSTANT_STRING(L"\\??\\Sentry");

DRIVER_UNLOAD SentryUnload;
DRIVER_DISPATCH SentryCreateClose;
DRIVER_DISPATCH SentryRead;

void OnProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo);
void OnThreadNotify(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create);
void PushItem(LIST_ENTRY* entry);
void FreeAllItems();

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
    UNREFERENCED_PARAMETER(RegistryPath);

    InitializeListHead(&g_Globals.ItemsHead);
    g_Globals.ItemCount = 0;
    g_Globals.Mutex.Init();

    // a callback may already have queued something when a later step fails
    auto itemsGuard = MakeScopeExit([] { FreeAllItems(); });

    UNICODE_STRING devName = RTL_CONSTANT_STRING(L"\\Device\\Sentry");
    PDEVICE_OBJECT DeviceObject = nullptr;

    auto status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN, 0, TRUE, &DeviceObject);
    if (!NT_SUCCESS(status)) {
        KdPrint((DRIVER_PREFIX "failed to create device (0x%08X)\n", status));
        return status;
    }
    auto deviceGuard = MakeScopeExit([&] { IoDeleteDevice(DeviceObject); });

    DeviceObject->Flags |= DO_DIRECT_IO;

    status = IoCreateSymbolicLink(&g_SymLink, &devName);
    if (!NT_SUCCESS(status)) {
        KdPrint((DRIVER_PREFIX "failed to create sym link (0x%08X)\n", status));
        return status;
    }
    auto linkGuard = MakeScopeExit([] { IoDeleteSymbolicLink(&g_SymLink); });

    status = PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        KdPrint((DRIVER_PREFIX "failed to register process callback (0x%08X)\n", status));
        return status;
    }
    auto processGuard = MakeScopeExit([] { PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, TRUE); });

    status = PsSetCreateThreadNotifyRoutine(OnThreadNotify);
    if (!NT_SUCCESS(status)) {
        KdPrint((DRIVER_PREFIX "failed to register thread callback (0x%08X)\n", status));
        return status;
    }

    // everything is in place, keep it
    processGuard.Dismiss();
    linkGuard.Dismiss();
    deviceGuard.Dismiss();
    itemsGuard.Dismiss();

    DriverObject->DriverUnload = SentryUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = SentryCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = SentryCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ] = SentryRead;

    DeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;

    KdPrint((DRIVER_PREFIX "loaded\n"));
    return STATUS_SUCCESS;
}

void SentryUnload(PDRIVER_OBJECT DriverObject) {
    PsRemoveCreateThreadNotifyRoutine(OnThreadNotify);
    PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, TRUE);

    IoDeleteSymbolicLink(&g_SymLink);
    IoDeleteDevice(DriverObject->DeviceObject);

    // free whatever is still queued
    FreeAllItems();

    KdPrint((DRIVER_PREFIX "unloaded\n"));
}

void FreeAllItems() {
    AutoLock<FastMutex> lock(g_Globals.Mutex);
    while (!IsListEmpty(&g_Globals.ItemsHead)) {
        auto entry = RemoveHeadList(&g_Globals.ItemsHead);
        ExFreePoolWithTag(CONTAINING_RECORD(entry, FullItem<ItemHeader>, Entry), DRIVER_TAG);
    }
    g_Globals.ItemCount = 0;
}

NTSTATUS CompleteIrp(PIRP Irp, NTSTATUS status = STATUS_SUCCESS, ULONG_PTR info = 0) {
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS SentryCreateClose(PDEVICE_OBJECT, PIRP Irp) {
    return CompleteIrp(Irp);
}

NTSTATUS SentryRead(PDEVICE_OBJECT, PIRP Irp) {
    auto stack = IoGetCurrentIrpStackLocation(Irp);
    auto len = stack->Parameters.Read.Length;
    ULONG count = 0;

    if (len == 0 || Irp->MdlAddress == nullptr)
        return CompleteIrp(Irp, STATUS_INVALID_BUFFER_SIZE);

    auto buffer = static_cast<UCHAR*>(MmGetSystemAddressForMdlSafe(Irp->MdlAddress,
        NormalPagePriority | MdlMappingNoExecute));
    if (!buffer)
        return CompleteIrp(Irp, STATUS_INSUFFICIENT_RESOURCES);

    AutoLock<FastMutex> lock(g_Globals.Mutex);
    while (!IsListEmpty(&g_Globals.ItemsHead)) {
        auto entry = g_Globals.ItemsHead.Flink;
        auto info = CONTAINING_RECORD(entry, FullItem<ItemHeader>, Entry);
        auto size = info->Data.Size;
        if (len < size)
            break;  // user buffer full

        RemoveHeadList(&g_Globals.ItemsHead);
        g_Globals.ItemCount--;
        memcpy(buffer, &info->Data, size);
        len -= size;
        buffer += size;
        count += size;
        ExFreePoolWithTag(info, DRIVER_TAG);
    }

    return CompleteIrp(Irp, STATUS_SUCCESS, count);
}

void PushItem(LIST_ENTRY* entry) {
    AutoLock<FastMutex> lock(g_Globals.Mutex);
    if (g_Globals.ItemCount >= MaxItems) {
        // too many items, drop the oldest
        auto head = RemoveHeadList(&g_Globals.ItemsHead);
        g_Globals.ItemCount--;
        ExFreePoolWithTag(CONTAINING_RECORD(head, FullItem<ItemHeader>, Entry), DRIVER_TAG);
    }
    InsertTailList(&g_Globals.ItemsHead, entry);
    g_Globals.ItemCount++;
}

void OnProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo) {
    auto info = static_cast<FullItem<ProcessInfo>*>(
        ExAllocatePool2(POOL_FLAG_PAGED, sizeof(FullItem<ProcessInfo>), DRIVER_TAG));
    if (info == nullptr) {
        KdPrint((DRIVER_PREFIX "out of memory\n"));
        return;
    }

    auto& item = info->Data;
    KeQuerySystemTimePrecise(&item.Time);
    item.Size = sizeof(ProcessInfo);
    item.ProcessId = HandleToULong(ProcessId);
    if (CreateInfo) {
        item.Type = ItemType::ProcessCreate;
        item.ParentProcessId = HandleToULong(CreateInfo->ParentProcessId);
        item.ExitCode = 0;
    } else {
        item.Type = ItemType::ProcessExit;
        item.ParentProcessId = 0;
        item.ExitCode = PsGetProcessExitStatus(Process);
    }
    PushItem(&info->Entry);
}

void OnThreadNotify(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create) {
    auto info = static_cast<FullItem<ThreadInfo>*>(
        ExAllocatePool2(POOL_FLAG_PAGED, sizeof(FullItem<ThreadInfo>), DRIVER_TAG));
    if (info == nullptr)
        return;

    auto& item = info->Data;
    KeQuerySystemTimePrecise(&item.Time);
    item.Size = sizeof(ThreadInfo);
    item.Type = Create ? ItemType::ThreadCreate : ItemType::ThreadExit;
    item.ProcessId = HandleToULong(ProcessId);
    item.ThreadId = HandleToULong(ThreadId);
    PushItem(&info->Entry);
}
