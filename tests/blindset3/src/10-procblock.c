// procblock - refuses to start processes whose image name matches a
// value configured under <service>\Parameters\BlockedImage (REG_SZ)
#include <ntddk.h>
#include <ntstrsafe.h>

#define PB_TAG 'kBrP'
#define LOG(fmt, ...) DbgPrint("procblock: " fmt "\n", ##__VA_ARGS__)

UNICODE_STRING g_Blocked = { 0 };

static NTSTATUS ReadBlockedImage(PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    HANDLE hKey = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING keyPath, valueName;
    WCHAR pathBuf[260];
    UCHAR buf[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + 128 * sizeof(WCHAR)];
    PKEY_VALUE_PARTIAL_INFORMATION kv = (PKEY_VALUE_PARTIAL_INFORMATION)buf;
    ULONG resultLen = 0;

    RtlInitEmptyUnicodeString(&keyPath, pathBuf, sizeof(pathBuf));
    status = RtlUnicodeStringPrintf(&keyPath, L"%wZ\\Parameters", RegistryPath);
    if (!NT_SUCCESS(status))
        return status;

    InitializeObjectAttributes(&oa, &keyPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenKey(&hKey, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        LOG("no Parameters key (0x%08X)", status);
        return status;
    }

    RtlInitUnicodeString(&valueName, L"BlockedImage");
    status = ZwQueryValueKey(hKey, &valueName, KeyValuePartialInformation,
                             kv, sizeof(buf), &resultLen);
    if (!NT_SUCCESS(status)) {
        LOG("BlockedImage missing (0x%08X)", status);
        return status;
    }

    if (kv->Type != REG_SZ || kv->DataLength < sizeof(WCHAR)) {
        ZwClose(hKey);
        return STATUS_INVALID_PARAMETER;
    }

    g_Blocked.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, kv->DataLength, PB_TAG);
    if (!g_Blocked.Buffer) {
        ZwClose(hKey);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(g_Blocked.Buffer, kv->Data, kv->DataLength);
    g_Blocked.Length = (USHORT)(kv->DataLength - sizeof(WCHAR));   // drop terminator
    g_Blocked.MaximumLength = (USHORT)kv->DataLength;

    ZwClose(hKey);
    return STATUS_SUCCESS;
}

VOID OnCreateProcess(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO Info)
{
    UNREFERENCED_PARAMETER(Process);
    if (Info == NULL || Info->ImageFileName == NULL)
        return;
    if (Info->ImageFileName->Length >= g_Blocked.Length) {
        UNICODE_STRING tail;
        tail.Length = tail.MaximumLength = g_Blocked.Length;
        tail.Buffer = (PWCH)((PUCHAR)Info->ImageFileName->Buffer +
                             Info->ImageFileName->Length - g_Blocked.Length);
        if (RtlEqualUnicodeString(&tail, &g_Blocked, TRUE)) {
            LOG("blocking pid %p (%wZ)", ProcessId, Info->ImageFileName);
            Info->CreationStatus = STATUS_ACCESS_DENIED;
        }
    }
}

VOID PbUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PsSetCreateProcessNotifyRoutineEx2(PsCreateProcessNotifySubsystems, (PVOID)OnCreateProcess, TRUE);
    ExFreePoolWithTag(g_Blocked.Buffer, PB_TAG);
    LOG("unloaded");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    status = ReadBlockedImage(RegistryPath);
    if (!NT_SUCCESS(status))
        return status;

    status = PsSetCreateProcessNotifyRoutineEx2(PsCreateProcessNotifySubsystems,
                                                (PVOID)OnCreateProcess, FALSE);
    if (!NT_SUCCESS(status)) {
        LOG("PsSetCreateProcessNotifyRoutineEx2 failed 0x%08X", status);
        ExFreePoolWithTag(g_Blocked.Buffer, PB_TAG);
        g_Blocked.Buffer = NULL;
        return status;
    }

    DriverObject->DriverUnload = PbUnload;
    LOG("blocking '%wZ'", &g_Blocked);
    return STATUS_SUCCESS;
}
