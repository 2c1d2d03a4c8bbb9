#include "memory.h"

MR_CONFIG g_Config = { 0, MR_MAX_CHUNK };

static NTSTATUS QueryDword(HANDLE Key, PCWSTR Name, PULONG Value)
{
    UNICODE_STRING valueName;
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG resultLength = 0;
    NTSTATUS status;

    RtlInitUnicodeString(&valueName, Name);
    status = ZwQueryValueKey(Key, &valueName, KeyValuePartialInformation,
                             info, sizeof(buffer), &resultLength);
    if (NT_SUCCESS(status)) {
        if (info->Type == REG_DWORD && info->DataLength == sizeof(ULONG))
            *Value = *(PULONG)info->Data;
        else
            status = STATUS_OBJECT_TYPE_MISMATCH;
    }
    return status;
}

// reads HKLM\...\Services\MemReader\{AllowWrite,MaxChunk}
NTSTATUS MrReadConfig(VOID)
{
    OBJECT_ATTRIBUTES oa;
    HANDLE key = NULL;
    NTSTATUS status;

    InitializeObjectAttributes(&oa, &g_RegPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenKey(&key, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        dprint("ZwOpenKey(%wZ) failed %08X\n", &g_RegPath, status);
        return status;
    }

    status = QueryDword(key, L"AllowWrite", &g_Config.AllowWrite);
    if (NT_SUCCESS(status))
        status = QueryDword(key, L"MaxChunk", &g_Config.MaxChunk);

    if (g_Config.MaxChunk == 0 || g_Config.MaxChunk > MR_MAX_CHUNK)
        g_Config.MaxChunk = MR_MAX_CHUNK;

    ZwClose(key);
    dprint("config: write=%lu chunk=%lu (%08X)\n", g_Config.AllowWrite, g_Config.MaxChunk, status);
    return status;
}

static NTSTATUS CopyCommon(ULONG Pid, ULONG64 Address, PVOID Buffer, ULONG Size, BOOLEAN Write)
{
    PEPROCESS process = NULL;
    KAPC_STATE apc;
    PVOID bounce;
    NTSTATUS status;

    if (Size == 0 || Size > g_Config.MaxChunk)
        return STATUS_INVALID_PARAMETER;

    status = PsLookupProcessByProcessId(ULongToHandle(Pid), &process);
    if (!NT_SUCCESS(status))
        return status;

    // can't touch the caller's buffer while attached, so bounce through pool
    bounce = ExAllocatePoolWithTag(NonPagedPoolNx, Size, MR_TAG);
    if (!bounce) {
        ObDereferenceObject(process);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    if (Write)
        RtlCopyMemory(bounce, Buffer, Size);

    KeStackAttachProcess(process, &apc);
    __try {
        if (Write) {
            ProbeForWrite((PVOID)Address, Size, 1);
            RtlCopyMemory((PVOID)Address, bounce, Size);
        } else {
            ProbeForRead((PVOID)Address, Size, 1);
            RtlCopyMemory(bounce, (PVOID)Address, Size);
        }
        status = STATUS_SUCCESS;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    KeUnstackDetachProcess(&apc);

    if (NT_SUCCESS(status) && !Write)
        RtlCopyMemory(Buffer, bounce, Size);

    ExFreePoolWithTag(bounce, MR_TAG);
    ObDereferenceObject(process);
    return status;
}

NTSTATUS MrCopyFromProcess(ULONG Pid, ULONG64 Address, PVOID Out, ULONG Size)
{
    return CopyCommon(Pid, Address, Out, Size, FALSE);
}

NTSTATUS MrCopyToProcess(ULONG Pid, ULONG64 Address, PVOID In, ULONG Size)
{
    if (!g_Config.AllowWrite)
        return STATUS_ACCESS_DENIED;
    return CopyCommon(Pid, Address, In, Size, TRUE);
}
