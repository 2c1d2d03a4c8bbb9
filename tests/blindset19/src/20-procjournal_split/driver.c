/*
 * driver.c - ProcJournal entry points and the event ring
 *
 * Each helper called from DriverEntry either succeeds completely or
 * undoes its own partial work before failing, so DriverEntry only has to
 * unwind the helpers that already returned success.
 */
#include "journal.h"

JRN_GLOBALS g_Jrn;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD JrnUnload;

VOID
JrnAppend(_In_ JRN_EVENT_TYPE Type, _In_ HANDLE ProcessId, _In_opt_ HANDLE ParentId,
          _In_opt_ PCUNICODE_STRING Name)
{
    JRN_EVENT ev;
    USHORT chars = 0;
    USHORT skip = 0;
    KIRQL irql;

    RtlZeroMemory(&ev, sizeof(ev));
    ev.Type = (ULONG)Type;
    ev.ProcessId = (ULONG64)(ULONG_PTR)ProcessId;
    ev.ParentId = (ULONG64)(ULONG_PTR)ParentId;
    KeQuerySystemTime(&ev.Time);

    if (Name != NULL && Name->Buffer != NULL) {
        chars = Name->Length / sizeof(WCHAR);
        if (chars >= JRN_NAME_CHARS) {
            skip = chars - (JRN_NAME_CHARS - 1);
            chars = JRN_NAME_CHARS - 1;
        }
        RtlCopyMemory(ev.Name, Name->Buffer + skip, chars * sizeof(WCHAR));
    }

    KeAcquireSpinLock(&g_Jrn.RingLock, &irql);
    ev.Sequence = g_Jrn.NextSequence++;
    g_Jrn.Ring[ev.Sequence % JRN_RING_ENTRIES] = ev;
    KeReleaseSpinLock(&g_Jrn.RingLock, irql);
}

static NTSTATUS
JrnAllocateRing(VOID)
{
    KeInitializeSpinLock(&g_Jrn.RingLock);
    g_Jrn.NextSequence = 0;
    g_Jrn.Ring = (PJRN_EVENT)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                             JRN_RING_ENTRIES * sizeof(JRN_EVENT), JRN_TAG);
    return (g_Jrn.Ring != NULL) ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

static VOID
JrnFreeRing(VOID)
{
    if (g_Jrn.Ring != NULL) {
        ExFreePoolWithTag(g_Jrn.Ring, JRN_TAG);
        g_Jrn.Ring = NULL;
    }
}

static VOID
JrnUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    JrnUnregisterCallbacks();
    JrnDeleteControlDevice();
    JrnFreeRing();
    KdPrint(("ProcJournal: unloaded after %lu events\n", g_Jrn.NextSequence));
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Jrn, sizeof(g_Jrn));
    DriverObject->DriverUnload = JrnUnload;

    status = JrnAllocateRing();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = JrnCreateControlDevice(DriverObject);
    if (!NT_SUCCESS(status)) {
        JrnFreeRing();
        return status;
    }

    status = JrnRegisterCallbacks();
    if (!NT_SUCCESS(status)) {
        JrnDeleteControlDevice();
        JrnFreeRing();
        return status;
    }

    KdPrint(("ProcJournal: ready\n"));
    return STATUS_SUCCESS;
}
