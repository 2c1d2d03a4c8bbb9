#include "proclist.h"

#define SystemProcessInformationClass 5

/* the leading part of SYSTEM_PROCESS_INFORMATION that we read */
typedef struct _PL_SYSTEM_PROCESS_INFO {
    ULONG NextEntryOffset;
    ULONG NumberOfThreads;
    UCHAR Reserved1[48];
    UNICODE_STRING ImageName;
    KPRIORITY BasePriority;
    HANDLE UniqueProcessId;
    HANDLE InheritedFromUniqueProcessId;
    ULONG HandleCount;
    ULONG SessionId;
} PL_SYSTEM_PROCESS_INFO, *PPL_SYSTEM_PROCESS_INFO;

PPL_SNAPSHOT
PlAllocateSnapshot(
    _In_ ULONG Capacity
    )
{
    PPL_SNAPSHOT snap;
    SIZE_T bytes = FIELD_OFFSET(PL_SNAPSHOT, Entries) + (SIZE_T)Capacity * sizeof(PL_ENTRY);

    snap = (PPL_SNAPSHOT)ExAllocatePool2(POOL_FLAG_PAGED, bytes, PL_TAG);
    if (snap != NULL) {
        snap->Capacity = Capacity;
        snap->Count = 0;
    }
    return snap;
}

static NTSTATUS
PlQueryProcesses(
    _Outptr_ PVOID *Buffer
    )
{
    ULONG size = 256 * 1024;
    PVOID buffer;
    NTSTATUS status;

    for (;;) {
        buffer = ExAllocatePool2(POOL_FLAG_PAGED, size, PL_TAG);
        CHECK_ALLOC(buffer);

        status = ZwQuerySystemInformation(SystemProcessInformationClass, buffer, size, &size);
        if (NT_SUCCESS(status)) {
            *Buffer = buffer;
            return STATUS_SUCCESS;
        }

        ExFreePoolWithTag(buffer, PL_TAG);
        if (status != STATUS_INFO_LENGTH_MISMATCH) {
            return status;
        }
        size += 64 * 1024;
    }
}

NTSTATUS
PlRefreshSnapshot(
    VOID
    )
{
    PVOID raw = NULL;
    PPL_SYSTEM_PROCESS_INFO info;
    PPL_SNAPSHOT snap;
    PPL_ENTRY entry;
    ULONG count = 0;
    USHORT chars;

    RETURN_IF_FAIL(PlQueryProcesses(&raw));

    for (info = (PPL_SYSTEM_PROCESS_INFO)raw; ; info = (PPL_SYSTEM_PROCESS_INFO)((PUCHAR)info + info->NextEntryOffset)) {
        count++;
        if (info->NextEntryOffset == 0) {
            break;
        }
    }

    ExAcquireFastMutex(&g_Pl.Lock);

    if (count > g_Pl.Snapshot->Capacity) {
        snap = PlAllocateSnapshot(count + 64);
        if (snap == NULL) {
            ExReleaseFastMutex(&g_Pl.Lock);
            ExFreePoolWithTag(raw, PL_TAG);
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        ExFreePoolWithTag(g_Pl.Snapshot, PL_TAG);
        g_Pl.Snapshot = snap;
    }
    snap = g_Pl.Snapshot;
    snap->Count = 0;

    for (info = (PPL_SYSTEM_PROCESS_INFO)raw; snap->Count < snap->Capacity; ) {
        entry = &snap->Entries[snap->Count++];
        entry->ProcessId = HandleToULong(info->UniqueProcessId);
        entry->ParentId = HandleToULong(info->InheritedFromUniqueProcessId);
        entry->Threads = info->NumberOfThreads;
        entry->SessionId = info->SessionId;
        RtlZeroMemory(entry->Name, sizeof(entry->Name));
        if (info->ImageName.Buffer != NULL) {
            chars = min(info->ImageName.Length / sizeof(WCHAR), PL_NAME_CHARS - 1);
            RtlCopyMemory(entry->Name, info->ImageName.Buffer, chars * sizeof(WCHAR));
        }

        if (info->NextEntryOffset == 0) {
            break;
        }
        info = (PPL_SYSTEM_PROCESS_INFO)((PUCHAR)info + info->NextEntryOffset);
    }

    ExReleaseFastMutex(&g_Pl.Lock);
    ExFreePoolWithTag(raw, PL_TAG);
    return STATUS_SUCCESS;
}

NTSTATUS
PlCopySnapshot(
    _Out_writes_bytes_(Length) PVOID Buffer,
    _In_ ULONG Length,
    _Out_ PULONG Written
    )
{
    ULONG bytes;
    NTSTATUS status = STATUS_SUCCESS;

    *Written = 0;

    ExAcquireFastMutex(&g_Pl.Lock);
    bytes = FIELD_OFFSET(PL_SNAPSHOT, Entries) + g_Pl.Snapshot->Count * sizeof(PL_ENTRY);
    if (Length < bytes) {
        /* tell the client how much it needs */
        if (Length >= sizeof(ULONG)) {
            *(PULONG)Buffer = bytes;
            *Written = sizeof(ULONG);
        }
        status = STATUS_BUFFER_OVERFLOW;
    } else {
        RtlCopyMemory(Buffer, g_Pl.Snapshot, bytes);
        ((PPL_SNAPSHOT)Buffer)->Capacity = g_Pl.Snapshot->Count;
        *Written = bytes;
    }
    ExReleaseFastMutex(&g_Pl.Lock);

    return status;
}
