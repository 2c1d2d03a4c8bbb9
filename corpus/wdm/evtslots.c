/*
 * evtslots.c - event relay for the panel's sensors. DriverEntry creates one
 * notification event object per sensor slot into a local table, counting
 * how many it made; when a later step fails it unwinds exactly those, newest
 * first, with `while (made-- > 0)`. On success the table is handed over to
 * the global the unload routine empties.
 */

#include <ntddk.h>

#define EVS_POOLTAG   'sSvE'
#define EVS_SLOTS     6

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD EvsUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH EvsCreateClose;

static PKEVENT g_EvsEvents[EVS_SLOTS];

static NTSTATUS
EvsRegisterWithHub(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    return PsSetCreateThreadNotifyRoutine(NULL);
}

NTSTATUS
DriverEntry(                                                    // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    PKEVENT events[EVS_SLOTS];
    ULONG made, slot;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    for (made = 0; made < EVS_SLOTS; made++) {
        events[made] = ExAllocatePoolZero(NonPagedPoolNx, sizeof(KEVENT), EVS_POOLTAG);
        if (events[made] == NULL) {
            status = STATUS_INSUFFICIENT_RESOURCES;
            goto unwind;
        }
        KeInitializeEvent(events[made], NotificationEvent, FALSE);
    }

    status = EvsRegisterWithHub(DriverObject);
    if (!NT_SUCCESS(status)) {
        goto unwind;
    }

    for (slot = 0; slot < EVS_SLOTS; slot++) {
        g_EvsEvents[slot] = events[slot];
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = EvsCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = EvsCreateClose;
    DriverObject->DriverUnload = EvsUnload;
    return STATUS_SUCCESS;

unwind:
    while (made-- > 0) {
        ExFreePoolWithTag(events[made], EVS_POOLTAG);
    }
    return status;
}

_Use_decl_annotations_
NTSTATUS
EvsCreateClose(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
EvsUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    ULONG slot;

    UNREFERENCED_PARAMETER(DriverObject);
    PsRemoveCreateThreadNotifyRoutine(NULL);
    for (slot = 0; slot < EVS_SLOTS; slot++) {
        ExFreePoolWithTag(g_EvsEvents[slot], EVS_POOLTAG);
    }
}
