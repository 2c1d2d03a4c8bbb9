/*
 * memory.c - cross-process copies and module lookup.
 */
#include "kmrw.h"

typedef struct _KMRW_LDR_DATA {
    ULONG       Length;
    BOOLEAN     Initialized;
    PVOID       SsHandle;
    LIST_ENTRY  InLoadOrderModuleList;
} KMRW_LDR_DATA, *PKMRW_LDR_DATA;

typedef struct _KMRW_LDR_ENTRY {
    LIST_ENTRY      InLoadOrderLinks;
    LIST_ENTRY      InMemoryOrderLinks;
    LIST_ENTRY      InInitializationOrderLinks;
    PVOID           DllBase;
    PVOID           EntryPoint;
    ULONG           SizeOfImage;
    UNICODE_STRING  FullDllName;
    UNICODE_STRING  BaseDllName;
} KMRW_LDR_ENTRY, *PKMRW_LDR_ENTRY;

typedef struct _KMRW_PEB {
    UCHAR           Reserved[0x18];
    PKMRW_LDR_DATA  Ldr;
} KMRW_PEB, *PKMRW_PEB;

NTSTATUS
KmrwCopyProcessMemory(
    _In_ HANDLE ProcessId,
    _In_ PVOID Address,
    _In_ PVOID UserBuffer,
    _In_ SIZE_T Size,
    _In_ BOOLEAN Write,
    _Out_ PSIZE_T Copied
    )
{
    PEPROCESS target;
    PEPROCESS self = PsGetCurrentProcess();
    NTSTATUS status;

    *Copied = 0;

    if (Size == 0 || Size > KMRW_MAX_TRANSFER) {
        return STATUS_INVALID_PARAMETER;
    }
    if ((ULONG_PTR)Address + Size < (ULONG_PTR)Address ||
        (ULONG_PTR)Address + Size > (ULONG_PTR)MM_HIGHEST_USER_ADDRESS) {
        return STATUS_ACCESS_VIOLATION;
    }

    status = PsLookupProcessByProcessId(ProcessId, &target);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    if (Write) {
        status = MmCopyVirtualMemory(self, UserBuffer, target, Address, Size, UserMode, Copied);
    } else {
        status = MmCopyVirtualMemory(target, Address, self, UserBuffer, Size, UserMode, Copied);
    }

    ObDereferenceObject(target);
    return status;
}

static BOOLEAN
KmrwNameEquals(
    _In_ PCUNICODE_STRING Name,
    _In_ PCWSTR Wanted
    )
{
    UNICODE_STRING wanted;

    RtlInitUnicodeString(&wanted, Wanted);
    return RtlEqualUnicodeString(Name, &wanted, TRUE);
}

NTSTATUS
KmrwQueryModuleBase(
    _In_ HANDLE ProcessId,
    _In_opt_ PCWSTR ModuleName,
    _Out_ PULONG64 Base,
    _Out_ PULONG64 SizeOfImage
    )
{
    PEPROCESS process;
    KAPC_STATE apc;
    PKMRW_PEB peb;
    NTSTATUS status = STATUS_NOT_FOUND;

    *Base = 0;
    *SizeOfImage = 0;

    if (!g_Kmrw.Offsets.Valid) {
        return STATUS_DEVICE_NOT_READY;
    }

    status = PsLookupProcessByProcessId(ProcessId, &process);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    if (ModuleName == NULL || ModuleName[0] == L'\0') {
        *Base = (ULONG64)g_Kmrw.Offsets.PsGetProcessSectionBaseAddress(process);
        ObDereferenceObject(process);
        return (*Base != 0) ? STATUS_SUCCESS : STATUS_NOT_FOUND;
    }

    peb = (PKMRW_PEB)g_Kmrw.Offsets.PsGetProcessPeb(process);
    if (peb == NULL) {
        ObDereferenceObject(process);
        return STATUS_NOT_FOUND;
    }

    status = STATUS_NOT_FOUND;
    KeStackAttachProcess(process, &apc);
    __try {
        PLIST_ENTRY head;
        PLIST_ENTRY entry;

        ProbeForRead(peb, sizeof(*peb), sizeof(PVOID));
        if (peb->Ldr != NULL) {
            head = &peb->Ldr->InLoadOrderModuleList;
            for (entry = head->Flink; entry != head; entry = entry->Flink) {
                PKMRW_LDR_ENTRY mod = CONTAINING_RECORD(entry, KMRW_LDR_ENTRY, InLoadOrderLinks);
                if (mod->BaseDllName.Buffer != NULL && KmrwNameEquals(&mod->BaseDllName, ModuleName)) {
                    *Base = (ULONG64)mod->DllBase;
                    *SizeOfImage = mod->SizeOfImage;
                    status = STATUS_SUCCESS;
                    break;
                }
            }
        }
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    KeUnstackDetachProcess(&apc);

    ObDereferenceObject(process);
    return status;
}
