/*
 * slotkeys.c - "cfgslots": a driver that keeps one open registry key per
 * configuration slot in a global array of slot records. A helper given the
 * slot's record (`&g_Slots.Slot[i]`) opens the key into the record's own
 * field (`&Slot->Key`); a teardown helper closes every slot whose key is set.
 * DriverEntry opens the slots in a loop, then fails a later step and tears
 * down (a false DE006 before: the key a call filled through the helper's
 * parameter was not the slot the teardown tested, and `g_Slots.Slot[i].Key`
 * was another place than `Slot[*]`, so a path skipped every close).
 */

#include <ntddk.h>

#define SLOT_COUNT 3

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD SlUnload;

typedef struct _SLOT {
    HANDLE Key;
    ULONG Index;
} SLOT, *PSLOT;

typedef struct _SLOTS {
    SLOT Slot[SLOT_COUNT];
    PDEVICE_OBJECT Control;
} SLOTS;

static SLOTS g_Slots;

static NTSTATUS SlOpenSlot(PUNICODE_STRING RegistryPath, PSLOT Slot, ULONG Index)
{
    OBJECT_ATTRIBUTES oa;
    NTSTATUS status;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    Slot->Index = Index;
    status = ZwOpenKey(&Slot->Key, KEY_READ, &oa);
    if (!NT_SUCCESS(status))
        Slot->Key = NULL;
    return status;
}

static VOID SlCloseSlots(VOID)
{
    ULONG i;

    for (i = 0; i < SLOT_COUNT; i++) {
        if (g_Slots.Slot[i].Key != NULL) {
            ZwClose(g_Slots.Slot[i].Key);
            g_Slots.Slot[i].Key = NULL;
        }
    }
}

VOID SlUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(g_Slots.Control);
    SlCloseSlots();
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    NTSTATUS status;
    ULONG i;

    RtlZeroMemory(&g_Slots, sizeof(g_Slots));

    for (i = 0; i < SLOT_COUNT; i++) {
        status = SlOpenSlot(RegistryPath, &g_Slots.Slot[i], i);
        if (!NT_SUCCESS(status)) {
            SlCloseSlots();
            return status;
        }
    }

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &g_Slots.Control);
    if (!NT_SUCCESS(status)) {
        SlCloseSlots();
        return status;
    }

    DriverObject->DriverUnload = SlUnload;
    return STATUS_SUCCESS;
}
