/*
 * pnp.c - device interface notifications and the record table.
 */
#include "pnpmon.h"

static DRIVER_NOTIFICATION_CALLBACK_ROUTINE PnmInterfaceCallback;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, PnmTrackerInit)
#pragma alloc_text(PAGE, PnmTrackerUninit)
#pragma alloc_text(PAGE, PnmPnpRegister)
#pragma alloc_text(PAGE, PnmPnpUnregister)
#pragma alloc_text(PAGE, PnmInterfaceCallback)
#endif

static const GUID *g_ClassGuids[PnmClassMax] = {
    &GUID_DEVINTERFACE_VOLUME,
    &GUID_DEVINTERFACE_DISK,
};

VOID
PnmTrackerInit(VOID)
{
    PAGED_CODE();

    ExInitializeFastMutex(&g_Pnm.TrackerLock);
    InitializeListHead(&g_Pnm.TrackerList);
    RtlZeroMemory(&g_Pnm.Stats, sizeof(g_Pnm.Stats));
}

VOID
PnmTrackerUninit(VOID)
{
    PLIST_ENTRY entry;

    PAGED_CODE();

    ExAcquireFastMutex(&g_Pnm.TrackerLock);
    while (!IsListEmpty(&g_Pnm.TrackerList)) {
        entry = RemoveHeadList(&g_Pnm.TrackerList);
        ExFreePoolWithTag(CONTAINING_RECORD(entry, PNM_RECORD, Link), PNM_REC_TAG);
    }
    g_Pnm.Stats.Tracked = 0;
    ExReleaseFastMutex(&g_Pnm.TrackerLock);
}

static PPNM_RECORD
PnmFindLocked(_In_ PCUNICODE_STRING Link)
{
    PLIST_ENTRY e;

    for (e = g_Pnm.TrackerList.Flink; e != &g_Pnm.TrackerList; e = e->Flink) {
        PPNM_RECORD r = CONTAINING_RECORD(e, PNM_RECORD, Link);
        if (RtlEqualUnicodeString(&r->SymbolicLink, Link, TRUE)) {
            return r;
        }
    }
    return NULL;
}

static NTSTATUS
PnmInterfaceCallback(_In_ PVOID NotificationStructure, _Inout_opt_ PVOID Context)
{
    PDEVICE_INTERFACE_CHANGE_NOTIFICATION n = (PDEVICE_INTERFACE_CHANGE_NOTIFICATION)NotificationStructure;
    PNM_CLASS   cls = (PNM_CLASS)(ULONG_PTR)Context;
    PPNM_RECORD rec;
    SIZE_T      cb;

    PAGED_CODE();

    if (IsEqualGUID(&n->Event, &GUID_DEVICE_INTERFACE_ARRIVAL)) {
        cb = FIELD_OFFSET(PNM_RECORD, Buffer) + n->SymbolicLinkName->Length + sizeof(WCHAR);
        rec = (PPNM_RECORD)ExAllocatePool2(POOL_FLAG_PAGED, cb, PNM_REC_TAG);
        if (rec == NULL) {
            return STATUS_SUCCESS;      /* never fail a notification */
        }
        rec->Class = cls;
        KeQuerySystemTime(&rec->ArrivalTime);
        rec->SymbolicLink.Buffer = rec->Buffer;
        rec->SymbolicLink.Length = 0;
        rec->SymbolicLink.MaximumLength = n->SymbolicLinkName->Length + sizeof(WCHAR);
        RtlCopyUnicodeString(&rec->SymbolicLink, n->SymbolicLinkName);

        ExAcquireFastMutex(&g_Pnm.TrackerLock);
        g_Pnm.Stats.Arrivals++;
        if (g_Pnm.Stats.Tracked < PNM_MAX_RECORDS && PnmFindLocked(&rec->SymbolicLink) == NULL) {
            InsertTailList(&g_Pnm.TrackerList, &rec->Link);
            g_Pnm.Stats.Tracked++;
            rec = NULL;
        } else {
            g_Pnm.Stats.Overflow++;
        }
        ExReleaseFastMutex(&g_Pnm.TrackerLock);

        if (rec != NULL) {
            ExFreePoolWithTag(rec, PNM_REC_TAG);
        }
        PNM_DBG("arrival[%d] %wZ", cls, n->SymbolicLinkName);

    } else if (IsEqualGUID(&n->Event, &GUID_DEVICE_INTERFACE_REMOVAL)) {
        ExAcquireFastMutex(&g_Pnm.TrackerLock);
        g_Pnm.Stats.Removals++;
        rec = PnmFindLocked(n->SymbolicLinkName);
        if (rec != NULL) {
            RemoveEntryList(&rec->Link);
            g_Pnm.Stats.Tracked--;
        }
        ExReleaseFastMutex(&g_Pnm.TrackerLock);

        if (rec != NULL) {
            ExFreePoolWithTag(rec, PNM_REC_TAG);
        }
        PNM_DBG("removal[%d] %wZ", cls, n->SymbolicLinkName);
    }

    return STATUS_SUCCESS;
}

NTSTATUS
PnmPnpRegister(_In_ PDRIVER_OBJECT DriverObject)
{
    NTSTATUS status;
    ULONG    i, count = 1;

    PAGED_CODE();

#if PNM_WATCH_DISKS
    count = PnmClassMax;
#endif

    for (i = 0; i < count; i++) {
        status = IoRegisterPlugPlayNotification(EventCategoryDeviceInterfaceChange,
                                                PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES,
                                                (PVOID)g_ClassGuids[i],
                                                DriverObject,
                                                PnmInterfaceCallback,
                                                (PVOID)(ULONG_PTR)i,
                                                &g_Pnm.NotifyEntry[i]);
        if (!NT_SUCCESS(status)) {
            PNM_DBG("IoRegisterPlugPlayNotification(%lu) 0x%08X", i, status);
            while (i-- > 0) {
                IoUnregisterPlugPlayNotificationEx(g_Pnm.NotifyEntry[i]);
                g_Pnm.NotifyEntry[i] = NULL;
            }
            return status;
        }
    }
    return STATUS_SUCCESS;
}

VOID
PnmPnpUnregister(VOID)
{
    ULONG i;

    PAGED_CODE();

    for (i = 0; i < PnmClassMax; i++) {
        if (g_Pnm.NotifyEntry[i] != NULL) {
            IoUnregisterPlugPlayNotificationEx(g_Pnm.NotifyEntry[i]);
            g_Pnm.NotifyEntry[i] = NULL;
        }
    }
}
