#include "volnames.h"

#pragma alloc_text(PAGE, VnReadVolumePolicy)

/*
 * Opens <ServiceKey>\Volumes and reads a DWORD value whose name is the
 * volume's device name (e.g. "\Device\HarddiskVolume3").
 */
NTSTATUS
VnReadVolumePolicy(_In_ PCUNICODE_STRING ServiceKey,
                   _In_ PCUNICODE_STRING VolumeName,
                   _Out_ PULONG Policy)
{
    NTSTATUS status;
    HANDLE key = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING path = { 0 };
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION kv = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG len;

    PAGED_CODE();

    *Policy = VN_POLICY_NONE;

    path.MaximumLength = ServiceKey->Length + sizeof(L"\\Volumes");
    path.Buffer = ExAllocatePoolWithTag(PagedPool, path.MaximumLength, VN_POOL_TAG);
    if (path.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyUnicodeString(&path, ServiceKey);
    status = RtlAppendUnicodeToString(&path, L"\\Volumes");
    if (!NT_SUCCESS(status)) {
        goto out;
    }

    InitializeObjectAttributes(&oa, &path, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                               NULL, NULL);
    status = ZwOpenKey(&key, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        /* no Volumes subkey: nothing configured, that's fine */
        status = STATUS_SUCCESS;
        goto out;
    }

    status = ZwQueryValueKey(key, (PUNICODE_STRING)VolumeName,
                             KeyValuePartialInformation,
                             kv, sizeof(buffer), &len);
    if (NT_SUCCESS(status) && kv->Type == REG_DWORD && kv->DataLength == sizeof(ULONG)) {
        *Policy = *(PULONG)kv->Data;
    }
    status = STATUS_SUCCESS;

out:
    if (key) {
        ZwClose(key);
    }
    ExFreePoolWithTag(path.Buffer, VN_POOL_TAG);
    return status;
}
