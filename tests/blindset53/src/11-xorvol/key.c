/*
 * key.c - key loading and the transform
 */
#include "xorvol.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, XvLoadKey)
#pragma alloc_text(INIT, XvSelfTest)
#endif

NTSTATUS
XvLoadKey(_In_ PUNICODE_STRING RegistryPath)
{
    OBJECT_ATTRIBUTES oa;
    HANDLE            svcKey = NULL;
    HANDLE            parmKey = NULL;
    UNICODE_STRING    parmName = RTL_CONSTANT_STRING(L"Parameters");
    UNICODE_STRING    valueName = RTL_CONSTANT_STRING(L"Key");
    PKEY_VALUE_PARTIAL_INFORMATION info = NULL;
    ULONG             infoLen = FIELD_OFFSET(KEY_VALUE_PARTIAL_INFORMATION, Data) + XV_MAX_KEY;
    ULONG             got;
    NTSTATUS          status;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ZwOpenKey(&svcKey, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    InitializeObjectAttributes(&oa, &parmName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, svcKey, NULL);
    status = ZwOpenKey(&parmKey, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        goto out;
    }

    info = (PKEY_VALUE_PARTIAL_INFORMATION)ExAllocatePool2(POOL_FLAG_PAGED, infoLen, XV_TAG);
    if (info == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto out;
    }

    status = ZwQueryValueKey(parmKey, &valueName, KeyValuePartialInformation, info, infoLen, &got);
    if (!NT_SUCCESS(status)) {
        goto out;
    }
    if (info->Type != REG_BINARY || info->DataLength < XV_MIN_KEY || info->DataLength > XV_MAX_KEY) {
        status = STATUS_INVALID_PARAMETER;
        goto out;
    }

    g_Xv.Key = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, info->DataLength, XV_KEY_TAG);
    if (g_Xv.Key == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto out;
    }
    RtlCopyMemory(g_Xv.Key, info->Data, info->DataLength);
    g_Xv.KeyLength = info->DataLength;
    status = STATUS_SUCCESS;

out:
    if (info != NULL) {
        RtlSecureZeroMemory(info, infoLen);
        ExFreePoolWithTag(info, XV_TAG);
    }
    if (parmKey != NULL) {
        ZwClose(parmKey);
    }
    ZwClose(svcKey);
    return status;
}

VOID
XvFreeKey(VOID)
{
    if (g_Xv.Key != NULL) {
        RtlSecureZeroMemory(g_Xv.Key, g_Xv.KeyLength);
        ExFreePoolWithTag(g_Xv.Key, XV_KEY_TAG);
        g_Xv.Key = NULL;
        g_Xv.KeyLength = 0;
    }
}

VOID
XvTransform(_Inout_updates_bytes_(Length) PUCHAR Data, _In_ ULONG Length, _In_ ULONGLONG Offset)
{
    ULONG i;

    for (i = 0; i < Length; i++) {
        ULONGLONG pos = Offset + i;
        Data[i] ^= (UCHAR)(g_Xv.Key[pos % g_Xv.KeyLength] ^ (UCHAR)(pos >> 9) ^ 0x5A);
    }
}

BOOLEAN
XvSelfTest(VOID)
{
    UCHAR   buf[64];
    UCHAR   ref[64];
    ULONG   i;

    for (i = 0; i < sizeof(buf); i++) {
        ref[i] = buf[i] = (UCHAR)(i * 7 + 3);
    }
    XvTransform(buf, sizeof(buf), 4096);
    if (RtlCompareMemory(buf, ref, sizeof(buf)) == sizeof(buf)) {
        return FALSE;       /* transform did nothing */
    }
    XvTransform(buf, sizeof(buf), 4096);
    return RtlCompareMemory(buf, ref, sizeof(buf)) == sizeof(buf);
}
