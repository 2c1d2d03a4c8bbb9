//
// watch.cpp - disk interface list, PnP notification and resolver thread
//
#include "diskwatch.h"

namespace {

struct DiskEntry {
    LIST_ENTRY      Link;
    UNICODE_STRING  Name;
    ULONG           DeviceNumber;
    WCHAR           Buffer[DW_MAX_LINK_CHARS];
};

class ListLock {
public:
    explicit ListLock(PKSPIN_LOCK l) { KeAcquireInStackQueuedSpinLock(l, &h_); }
    ~ListLock() { KeReleaseInStackQueuedSpinLock(&h_); }
private:
    KLOCK_QUEUE_HANDLE h_;
};

class Watch {
public:
    static KSPIN_LOCK   Lock;
    static LIST_ENTRY   Disks;
    static KEVENT       StopEvent;
    static KEVENT       WorkEvent;
    static PKTHREAD     Worker;
    static PVOID        Notification;

    static DiskEntry* Find(PCUNICODE_STRING name)
    {
        for (PLIST_ENTRY le = Disks.Flink; le != &Disks; le = le->Flink) {
            auto e = CONTAINING_RECORD(le, DiskEntry, Link);
            if (RtlEqualUnicodeString(&e->Name, name, TRUE)) {
                return e;
            }
        }
        return nullptr;
    }
};

KSPIN_LOCK Watch::Lock;
LIST_ENTRY Watch::Disks;
KEVENT     Watch::StopEvent;
KEVENT     Watch::WorkEvent;
PKTHREAD   Watch::Worker       = nullptr;
PVOID      Watch::Notification = nullptr;

NTSTATUS
QueryDeviceNumber(PUNICODE_STRING name, PULONG number)
{
    PFILE_OBJECT   file;
    PDEVICE_OBJECT device;

    NTSTATUS status = IoGetDeviceObjectPointer(name, FILE_READ_ATTRIBUTES, &file, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    STORAGE_DEVICE_NUMBER sdn = {};
    IO_STATUS_BLOCK iosb;
    KEVENT done;
    KeInitializeEvent(&done, NotificationEvent, FALSE);

    PIRP irp = IoBuildDeviceIoControlRequest(IOCTL_STORAGE_GET_DEVICE_NUMBER, device, nullptr, 0,
                                             &sdn, sizeof(sdn), FALSE, &done, &iosb);
    if (irp == nullptr) {
        status = STATUS_INSUFFICIENT_RESOURCES;
    } else {
        IoGetNextIrpStackLocation(irp)->FileObject = file;
        status = IoCallDriver(device, irp);
        if (status == STATUS_PENDING) {
            KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, nullptr);
            status = iosb.Status;
        }
    }
    ObDereferenceObject(file);

    if (NT_SUCCESS(status)) {
        *number = sdn.DeviceNumber;
    }
    return status;
}

// resolves device numbers outside the notification callback, where opening
// the device could deadlock against the PnP manager
VOID
ResolverThread(PVOID)
{
    PVOID waits[2] = { &Watch::StopEvent, &Watch::WorkEvent };
    UNICODE_STRING name;
    WCHAR nameBuffer[DW_MAX_LINK_CHARS];

    for (;;) {
        NTSTATUS w = KeWaitForMultipleObjects(2, waits, WaitAny, Executive, KernelMode, FALSE, nullptr, nullptr);
        if (w == STATUS_WAIT_0) {
            break;
        }

        for (;;) {
            bool found = false;
            {
                ListLock guard(&Watch::Lock);
                for (PLIST_ENTRY le = Watch::Disks.Flink; le != &Watch::Disks; le = le->Flink) {
                    auto e = CONTAINING_RECORD(le, DiskEntry, Link);
                    if (e->DeviceNumber == DW_NUMBER_UNKNOWN) {
                        RtlCopyMemory(nameBuffer, e->Buffer, e->Name.Length);
                        name.Buffer = nameBuffer;
                        name.Length = name.MaximumLength = e->Name.Length;
                        e->DeviceNumber = DW_NUMBER_UNKNOWN - 1;     // in progress
                        found = true;
                        break;
                    }
                }
            }
            if (!found || KeReadStateEvent(&Watch::StopEvent)) {
                break;
            }

            ULONG number = DW_NUMBER_UNKNOWN - 1;
            NTSTATUS status = QueryDeviceNumber(&name, &number);
            if (!NT_SUCCESS(status)) {
                DW_TRACE("%wZ: no device number (0x%08X)\n", &name, status);
            }

            ListLock guard(&Watch::Lock);
            if (auto e = Watch::Find(&name)) {      // may have left meanwhile
                e->DeviceNumber = number;
            }
        }
    }
    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS
OnDiskInterface(PVOID NotificationStructure, PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    auto n = static_cast<PDEVICE_INTERFACE_CHANGE_NOTIFICATION>(NotificationStructure);

    if (IsEqualGUID(n->Event, GUID_DEVICE_INTERFACE_ARRIVAL)) {
        if (n->SymbolicLinkName->Length > sizeof(DiskEntry::Buffer)) {
            return STATUS_SUCCESS;
        }
        auto e = static_cast<DiskEntry*>(ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(DiskEntry), DW_TAG));
        if (e == nullptr) {
            return STATUS_SUCCESS;
        }
        RtlCopyMemory(e->Buffer, n->SymbolicLinkName->Buffer, n->SymbolicLinkName->Length);
        e->Name.Buffer = e->Buffer;
        e->Name.Length = e->Name.MaximumLength = n->SymbolicLinkName->Length;
        e->DeviceNumber = DW_NUMBER_UNKNOWN;
        {
            ListLock guard(&Watch::Lock);
            InsertTailList(&Watch::Disks, &e->Link);
        }
        KeSetEvent(&Watch::WorkEvent, IO_NO_INCREMENT, FALSE);
    } else if (IsEqualGUID(n->Event, GUID_DEVICE_INTERFACE_REMOVAL)) {
        DiskEntry* gone = nullptr;
        {
            ListLock guard(&Watch::Lock);
            gone = Watch::Find(n->SymbolicLinkName);
            if (gone != nullptr) {
                RemoveEntryList(&gone->Link);
            }
        }
        if (gone != nullptr) {
            ExFreePoolWithTag(gone, DW_TAG);
        }
    }
    return STATUS_SUCCESS;
}

} // namespace

extern "C" VOID
DwInitialize(VOID)
{
    KeInitializeSpinLock(&Watch::Lock);
    InitializeListHead(&Watch::Disks);
    KeInitializeEvent(&Watch::StopEvent, NotificationEvent, FALSE);
    KeInitializeEvent(&Watch::WorkEvent, SynchronizationEvent, FALSE);
    Watch::Worker = nullptr;
    Watch::Notification = nullptr;
}

extern "C" NTSTATUS
DwStartWorker(VOID)
{
    OBJECT_ATTRIBUTES oa;
    HANDLE thread;

    InitializeObjectAttributes(&oa, nullptr, OBJ_KERNEL_HANDLE, nullptr, nullptr);
    NTSTATUS status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, &oa, nullptr, nullptr,
                                           ResolverThread, nullptr);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = ObReferenceObjectByHandle(thread, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       reinterpret_cast<PVOID*>(&Watch::Worker), nullptr);
    if (!NT_SUCCESS(status)) {
        // without the object we can only wait on the handle
        KeSetEvent(&Watch::StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(thread, FALSE, nullptr);
        KeClearEvent(&Watch::StopEvent);
        Watch::Worker = nullptr;
    }
    ZwClose(thread);
    return status;
}

extern "C" VOID
DwStopWorker(VOID)
{
    if (Watch::Worker != nullptr) {
        KeSetEvent(&Watch::StopEvent, IO_NO_INCREMENT, FALSE);
        KeWaitForSingleObject(Watch::Worker, Executive, KernelMode, FALSE, nullptr);
        ObDereferenceObject(Watch::Worker);
        Watch::Worker = nullptr;
    }
}

extern "C" NTSTATUS
DwRegisterNotification(_In_ PDRIVER_OBJECT DriverObject)
{
    return IoRegisterPlugPlayNotification(EventCategoryDeviceInterfaceChange,
                                          PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES,
                                          const_cast<GUID*>(&GUID_DEVINTERFACE_DISK),
                                          DriverObject, OnDiskInterface, nullptr,
                                          &Watch::Notification);
}

extern "C" VOID
DwUnregisterNotification(VOID)
{
    if (Watch::Notification != nullptr) {
        // the Ex variant waits for callbacks already running to finish
        IoUnregisterPlugPlayNotificationEx(Watch::Notification);
        Watch::Notification = nullptr;
    }
}

extern "C" VOID
DwClearList(VOID)
{
    LIST_ENTRY local;
    InitializeListHead(&local);
    {
        ListLock guard(&Watch::Lock);
        while (!IsListEmpty(&Watch::Disks)) {
            InsertTailList(&local, RemoveHeadList(&Watch::Disks));
        }
    }
    while (!IsListEmpty(&local)) {
        ExFreePoolWithTag(CONTAINING_RECORD(RemoveHeadList(&local), DiskEntry, Link), DW_TAG);
    }
}

extern "C" ULONG
DwSnapshot(_Out_writes_bytes_(Size) PDW_SNAPSHOT Out, _In_ ULONG Size)
{
    ULONG room = (Size - FIELD_OFFSET(DW_SNAPSHOT, DeviceNumber)) / sizeof(ULONG);
    ULONG n = 0;

    ListLock guard(&Watch::Lock);
    for (PLIST_ENTRY le = Watch::Disks.Flink; le != &Watch::Disks && n < room; le = le->Flink) {
        auto e = CONTAINING_RECORD(le, DiskEntry, Link);
        if (e->DeviceNumber < DW_NUMBER_UNKNOWN - 1) {
            Out->DeviceNumber[n++] = e->DeviceNumber;
        }
    }
    Out->Count = n;
    return FIELD_OFFSET(DW_SNAPSHOT, DeviceNumber) + n * sizeof(ULONG);
}
