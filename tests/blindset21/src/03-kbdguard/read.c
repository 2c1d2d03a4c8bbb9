/*++
Module Name:
    read.c

Abstract:
    IRP_MJ_READ interception and scan code remapping for kbguard, plus
    loading of the remap policy from the service Parameters key.
--*/
#include "kbguard.h"

static IO_COMPLETION_ROUTINE KgReadCompletion;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, KgLoadRemapTable)
#endif

static
USHORT
KgLookupRemap(
    _In_ PKG_REMAP_TABLE Table,
    _In_ USHORT MakeCode,
    _Out_ PBOOLEAN Found
    )
{
    ULONG i;

    *Found = FALSE;
    for (i = 0; i < Table->Count; i++) {
        if (Table->Entries[i].From == MakeCode) {
            *Found = TRUE;
            return Table->Entries[i].To;
        }
    }
    return MakeCode;
}

static
_Use_decl_annotations_
NTSTATUS
KgReadCompletion(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp,
    PVOID          Context
    )
{
    PKG_DEVICE_EXTENSION ext = (PKG_DEVICE_EXTENSION)Context;
    PKEYBOARD_INPUT_DATA data;
    ULONG                count;
    ULONG                in;
    ULONG                out = 0;
    BOOLEAN              found;
    USHORT               mapped;
    PKG_REMAP_TABLE      table = g_Kg.RemapTable;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    if (NT_SUCCESS(Irp->IoStatus.Status) && table != NULL) {
        data = (PKEYBOARD_INPUT_DATA)Irp->AssociatedIrp.SystemBuffer;
        count = (ULONG)(Irp->IoStatus.Information / sizeof(KEYBOARD_INPUT_DATA));

        for (in = 0; in < count; in++) {
            mapped = KgLookupRemap(table, data[in].MakeCode, &found);
            if (found && mapped == 0) {
                InterlockedIncrement(&ext->KeysSuppressed);
                continue;
            }
            if (found) {
                InterlockedIncrement(&ext->KeysRemapped);
                data[in].MakeCode = mapped;
            }
            if (out != in) {
                data[out] = data[in];
            }
            out++;
        }

        Irp->IoStatus.Information = out * sizeof(KEYBOARD_INPUT_DATA);
    }

    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return STATUS_CONTINUE_COMPLETION;
}

_Use_decl_annotations_
NTSTATUS
KgDispatchRead(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp
    )
{
    PKG_DEVICE_EXTENSION ext = (PKG_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS             status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    //
    // The remove lock is released by the completion routine.
    //
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, KgReadCompletion, ext, TRUE, TRUE, TRUE);

    return IoCallDriver(ext->LowerDevice, Irp);
}

_Use_decl_annotations_
VOID
KgFreeRemapTable(
    PKG_REMAP_TABLE Table
    )
{
    if (Table != NULL) {
        ExFreePoolWithTag(Table, KG_POOL_TAG);
    }
}

_Use_decl_annotations_
BOOLEAN
KgLoadRemapTable(
    PCUNICODE_STRING ServiceKey,
    PKG_REMAP_TABLE *Table
    )
{
    NTSTATUS                        status;
    OBJECT_ATTRIBUTES               oa;
    HANDLE                          serviceKey = NULL;
    HANDLE                          paramsKey = NULL;
    UNICODE_STRING                  paramsName = RTL_CONSTANT_STRING(L"Parameters");
    UNICODE_STRING                  valueName = RTL_CONSTANT_STRING(L"RemapTable");
    PKEY_VALUE_PARTIAL_INFORMATION  info = NULL;
    ULONG                           infoSize = 0;
    ULONG                           entries;
    PKG_REMAP_TABLE                 table = NULL;
    PUSHORT                         raw;
    ULONG                           i;
    BOOLEAN                         result = FALSE;

    PAGED_CODE();

    *Table = NULL;

    InitializeObjectAttributes(&oa, (PUNICODE_STRING)ServiceKey,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);

    do {
        status = ZwOpenKey(&serviceKey, KEY_READ, &oa);
        if (!NT_SUCCESS(status)) {
            serviceKey = NULL;
            break;
        }

        InitializeObjectAttributes(&oa, &paramsName,
                                   OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, serviceKey, NULL);
        status = ZwOpenKey(&paramsKey, KEY_READ, &oa);
        if (!NT_SUCCESS(status)) {
            paramsKey = NULL;
            break;
        }

        status = ZwQueryValueKey(paramsKey, &valueName, KeyValuePartialInformation,
                                 NULL, 0, &infoSize);
        if (status != STATUS_BUFFER_TOO_SMALL && status != STATUS_BUFFER_OVERFLOW) {
            break;
        }

        info = (PKEY_VALUE_PARTIAL_INFORMATION)
            ExAllocatePool2(POOL_FLAG_PAGED, infoSize, KG_POOL_TAG);
        if (info == NULL) {
            break;
        }

        status = ZwQueryValueKey(paramsKey, &valueName, KeyValuePartialInformation,
                                 info, infoSize, &infoSize);
        if (!NT_SUCCESS(status) || info->Type != REG_BINARY) {
            break;
        }

        //
        // Layout: pairs of USHORT { from, to }.
        //
        entries = info->DataLength / (2 * sizeof(USHORT));
        if (entries == 0 || entries > KG_MAX_REMAP) {
            break;
        }

        table = (PKG_REMAP_TABLE)ExAllocatePool2(
            POOL_FLAG_NON_PAGED,
            FIELD_OFFSET(KG_REMAP_TABLE, Entries) + entries * sizeof(KG_REMAP_ENTRY),
            KG_POOL_TAG);
        if (table == NULL) {
            break;
        }

        raw = (PUSHORT)info->Data;
        for (i = 0; i < entries; i++) {
            table->Entries[i].From = raw[2 * i];
            table->Entries[i].To = raw[2 * i + 1];
        }
        table->Count = entries;

        *Table = table;
        result = TRUE;
    } while (FALSE);

    if (info != NULL) {
        ExFreePoolWithTag(info, KG_POOL_TAG);
    }
    if (paramsKey != NULL) {
        ZwClose(paramsKey);
    }
    if (serviceKey != NULL) {
        ZwClose(serviceKey);
    }

    return result;
}
