/*
 * keymap.c - remap table load and the keyboard service callback.
 */
#include "keyremap.h"
#include "keymap.tmh"

static BOOLEAN
KrParsePair(_In_ PCUNICODE_STRING Text, _Out_ KR_REMAP *Remap)
{
    UNICODE_STRING left, right;
    ULONG from, to;
    USHORT i;

    for (i = 0; i < Text->Length / sizeof(WCHAR); i++) {
        if (Text->Buffer[i] == L'=') {
            left.Buffer = Text->Buffer;
            left.Length = left.MaximumLength = i * sizeof(WCHAR);
            right.Buffer = &Text->Buffer[i + 1];
            right.Length = right.MaximumLength = Text->Length - (i + 1) * sizeof(WCHAR);
            if (NT_SUCCESS(RtlUnicodeStringToInteger(&left, 16, &from)) &&
                NT_SUCCESS(RtlUnicodeStringToInteger(&right, 16, &to)) &&
                from <= 0xFFFF && to <= 0xFFFF) {
                Remap->From = (USHORT)from;
                Remap->To = (USHORT)to;
                return TRUE;
            }
            return FALSE;
        }
    }
    return FALSE;
}

NTSTATUS
KrLoadRemapTable(_In_ WDFDRIVER Driver)
{
    PKR_DRIVER_CONTEXT      drvCtx = KrGetDriverContext(Driver);
    WDFKEY                  key = NULL;
    WDFCOLLECTION           strings = NULL;
    WDF_OBJECT_ATTRIBUTES   attributes;
    DECLARE_CONST_UNICODE_STRING(valueName, L"RemapTable");
    KR_REMAP                table[KR_MAX_REMAPS];
    ULONG                   count = 0;
    ULONG                   i, n;
    UNICODE_STRING          text;
    NTSTATUS                status;

    status = WdfDriverOpenParametersRegistryKey(Driver, KEY_READ, WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = key;      /* goes away with the key */

    status = WdfCollectionCreate(&attributes, &strings);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }

    status = WdfRegistryQueryMultiString(key, &valueName, &attributes, strings);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }

    n = WdfCollectionGetCount(strings);
    for (i = 0; i < n && count < KR_MAX_REMAPS; i++) {
        WdfStringGetUnicodeString((WDFSTRING)WdfCollectionGetItem(strings, i), &text);
        if (KrParsePair(&text, &table[count])) {
            count++;
        } else {
            TraceEvents(TRACE_LEVEL_WARNING, TRACE_KEYMAP, "bad remap entry %wZ", &text);
        }
    }

    WdfSpinLockAcquire(drvCtx->RemapLock);
    RtlCopyMemory(drvCtx->Remaps, table, count * sizeof(KR_REMAP));
    drvCtx->RemapCount = count;
    WdfSpinLockRelease(drvCtx->RemapLock);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_KEYMAP, "%u remaps loaded", count);

Exit:
    WdfRegistryClose(key);   /* also deletes the collection and its strings */
    return status;
}

VOID
KrServiceCallback(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PKEYBOARD_INPUT_DATA InputDataStart,
    _In_ PKEYBOARD_INPUT_DATA InputDataEnd,
    _Inout_ PULONG InputDataConsumed
    )
{
    WDFDEVICE           device = WdfWdmDeviceGetWdfDeviceHandle(DeviceObject);
    PKR_DEVICE_CONTEXT  devCtx = KrGetDeviceContext(device);
    PKR_DRIVER_CONTEXT  drvCtx = KrGetDriverContext(WdfGetDriver());
    PKEYBOARD_INPUT_DATA p;
    ULONG               i;

    WdfSpinLockAcquire(drvCtx->RemapLock);
    for (p = InputDataStart; p < InputDataEnd; p++) {
        for (i = 0; i < drvCtx->RemapCount; i++) {
            if (p->MakeCode == drvCtx->Remaps[i].From) {
                p->MakeCode = drvCtx->Remaps[i].To;
                devCtx->KeysRemapped++;
                break;
            }
        }
    }
    WdfSpinLockRelease(drvCtx->RemapLock);

    (*(PSERVICE_CALLBACK_ROUTINE)(ULONG_PTR)devCtx->UpperConnectData.ClassService)(
        devCtx->UpperConnectData.ClassDeviceObject,
        InputDataStart,
        InputDataEnd,
        InputDataConsumed);
}
