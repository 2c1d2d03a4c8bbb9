/*
 * driver.c - DriverEntry / unload and the reference clock watcher
 */
#include "dmaeng.h"

DMAENG_GLOBALS Globals;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, DmaEngEvtDriverUnload)
#pragma alloc_text(PAGE, DmaEngClockNotify)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    NTSTATUS status;

    DBGP("DriverEntry\n");

    WDF_DRIVER_CONFIG_INIT(&config, DmaEngEvtDeviceAdd);
    config.EvtDriverUnload = DmaEngEvtDriverUnload;
    config.DriverPoolTag   = DMAENG_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath,
                             WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        DBGP("WdfDriverCreate failed 0x%x\n", status);
        return status;
    }

    //
    // Watch for reference clock cards. Existing ones are reported right
    // away so the list is complete before the first device starts.
    //
    status = IoRegisterPlugPlayNotification(EventCategoryDeviceInterfaceChange,
                                            PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES,
                                            (PVOID)&GUID_DEVINTERFACE_REFCLOCK,
                                            DriverObject,
                                            DmaEngClockNotify,
                                            NULL,
                                            &Globals.ClockNotifyEntry);
    if (!NT_SUCCESS(status)) {
        DBGP("IoRegisterPlugPlayNotification failed 0x%x\n", status);
        return status;
    }

    ExInitializeFastMutex(&Globals.ClockLock);
    InitializeListHead(&Globals.ClockList);
    Globals.ClockCount = 0;

    return STATUS_SUCCESS;
}

VOID
DmaEngEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    PLIST_ENTRY le;
    PCLOCK_ENTRY entry;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    DBGP("unload, %lu clocks known\n", Globals.ClockCount);

    ExAcquireFastMutex(&Globals.ClockLock);
    while (!IsListEmpty(&Globals.ClockList)) {
        le = RemoveHeadList(&Globals.ClockList);
        entry = CONTAINING_RECORD(le, CLOCK_ENTRY, Link);
        ExFreePoolWithTag(entry, DMAENG_TAG);
    }
    Globals.ClockCount = 0;
    ExReleaseFastMutex(&Globals.ClockLock);
}

NTSTATUS
DmaEngClockNotify(
    _In_ PVOID NotificationStructure,
    _Inout_opt_ PVOID Context
    )
{
    PDEVICE_INTERFACE_CHANGE_NOTIFICATION n =
        (PDEVICE_INTERFACE_CHANGE_NOTIFICATION)NotificationStructure;
    PCLOCK_ENTRY entry;
    PLIST_ENTRY le;
    USHORT len;

    UNREFERENCED_PARAMETER(Context);
    PAGED_CODE();

    if (IsEqualGUID(&n->Event, &GUID_DEVICE_INTERFACE_ARRIVAL)) {
        len = n->SymbolicLinkName->Length;
        entry = (PCLOCK_ENTRY)ExAllocatePool2(POOL_FLAG_PAGED,
                                              sizeof(CLOCK_ENTRY) + len, DMAENG_TAG);
        if (entry == NULL) {
            return STATUS_SUCCESS;
        }
        entry->SymbolicLink.Buffer = (PWCH)(entry + 1);
        entry->SymbolicLink.Length = 0;
        entry->SymbolicLink.MaximumLength = len;
        RtlCopyUnicodeString(&entry->SymbolicLink, n->SymbolicLinkName);

        ExAcquireFastMutex(&Globals.ClockLock);
        InsertTailList(&Globals.ClockList, &entry->Link);
        Globals.ClockCount++;
        ExReleaseFastMutex(&Globals.ClockLock);
        DBGP("reference clock arrived: %wZ\n", n->SymbolicLinkName);

    } else if (IsEqualGUID(&n->Event, &GUID_DEVICE_INTERFACE_REMOVAL)) {
        ExAcquireFastMutex(&Globals.ClockLock);
        for (le = Globals.ClockList.Flink; le != &Globals.ClockList; le = le->Flink) {
            entry = CONTAINING_RECORD(le, CLOCK_ENTRY, Link);
            if (RtlEqualUnicodeString(&entry->SymbolicLink, n->SymbolicLinkName, TRUE)) {
                RemoveEntryList(le);
                Globals.ClockCount--;
                ExFreePoolWithTag(entry, DMAENG_TAG);
                break;
            }
        }
        ExReleaseFastMutex(&Globals.ClockLock);
    }
    return STATUS_SUCCESS;
}

BOOLEAN
DmaEngClockPresent(VOID)
{
    BOOLEAN present;

    ExAcquireFastMutex(&Globals.ClockLock);
    present = (Globals.ClockCount != 0);
    ExReleaseFastMutex(&Globals.ClockLock);
    return present;
}
