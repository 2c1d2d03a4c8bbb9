/*
 * slotkeys.c (bad) - "cfgslots" as slotkeys.c, but when the control device
 * cannot be created DriverEntry returns without closing the slots' keys.
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
    if (!NT_SUCCESS(status))
        return status; // expect: DE006

    DriverObject->DriverUnload = SlUnload;
    return STATUS_SUCCESS;
}
