// callbacks.c - the three kinds of callbacks ProcWatch registers.
#include "procwatch.h"

static VOID MonCopyImageName(PPW_PROCESS_ENTRY Entry, PCUNICODE_STRING Name)
{
    USHORT chars;
    PCWSTR src;
    USHORT i, start = 0;

    if (Name == NULL || Name->Buffer == NULL) {
        RtlStringCchCopyW(Entry->ImageName, ARRAYSIZE(Entry->ImageName), L"<unknown>");
        return;
    }

    chars = Name->Length / sizeof(WCHAR);
    for (i = 0; i < chars; i++) {
        if (Name->Buffer[i] == L'\\') start = i + 1;
    }
    src = Name->Buffer + start;
    RtlStringCchCopyNW(Entry->ImageName, ARRAYSIZE(Entry->ImageName), src, chars - start);
}

VOID MonProcessNotify(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId,
                      _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    PPW_PROCESS_ENTRY entry;
    PLIST_ENTRY le;

    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo != NULL) {
        entry = ExAllocatePool2(POOL_FLAG_PAGED, sizeof(*entry), PW_TAG);
        if (entry == NULL) return;

        entry->ProcessId = ProcessId;
        entry->ParentId = CreateInfo->ParentProcessId;
        entry->Protected = FALSE;
        MonCopyImageName(entry, CreateInfo->ImageFileName);

        if (_wcsicmp(entry->ImageName, L"sandboxsvc.exe") == 0) {
            entry->Protected = TRUE;
            g_ProtectedPid = ProcessId;
        }

        ExAcquireFastMutex(&g_ProcListLock);
        if (g_ProcCount < PW_MAX_TRACKED) {
            InsertTailList(&g_ProcList, &entry->Link);
            g_ProcCount++;
            entry = NULL;
        }
        ExReleaseFastMutex(&g_ProcListLock);

        if (entry) ExFreePoolWithTag(entry, PW_TAG);
        return;
    }

    // exit
    ExAcquireFastMutex(&g_ProcListLock);
    for (le = g_ProcList.Flink; le != &g_ProcList; le = le->Flink) {
        entry = CONTAINING_RECORD(le, PW_PROCESS_ENTRY, Link);
        if (entry->ProcessId == ProcessId) {
            RemoveEntryList(le);
            g_ProcCount--;
            if (entry->Protected) g_ProtectedPid = NULL;
            ExFreePoolWithTag(entry, PW_TAG);
            break;
        }
    }
    ExReleaseFastMutex(&g_ProcListLock);
}

VOID MonFreeProcList(VOID)
{
    ExAcquireFastMutex(&g_ProcListLock);
    while (!IsListEmpty(&g_ProcList)) {
        PLIST_ENTRY le = RemoveHeadList(&g_ProcList);
        ExFreePoolWithTag(CONTAINING_RECORD(le, PW_PROCESS_ENTRY, Link), PW_TAG);
    }
    g_ProcCount = 0;
    ExReleaseFastMutex(&g_ProcListLock);
}

NTSTATUS MonRegistryCallback(_In_ PVOID CallbackContext, _In_opt_ PVOID Argument1,
                             _In_opt_ PVOID Argument2)
{
    REG_NOTIFY_CLASS cls = (REG_NOTIFY_CLASS)(ULONG_PTR)Argument1;
    PREG_SET_VALUE_KEY_INFORMATION setInfo;

    UNREFERENCED_PARAMETER(CallbackContext);

    if (cls != RegNtPreSetValueKey || Argument2 == NULL)
        return STATUS_SUCCESS;

    setInfo = (PREG_SET_VALUE_KEY_INFORMATION)Argument2;
    if (setInfo->ValueName != NULL && setInfo->ValueName->Buffer != NULL) {
        PW_LOG("set value %wZ by pid %p", setInfo->ValueName, PsGetCurrentProcessId());
    }
    return STATUS_SUCCESS;
}

OB_PREOP_CALLBACK_STATUS MonPreOpenProcess(_In_ PVOID RegistrationContext,
                                           _Inout_ POB_PRE_OPERATION_INFORMATION Info)
{
    HANDLE target;

    UNREFERENCED_PARAMETER(RegistrationContext);

    if (Info->KernelHandle || g_ProtectedPid == NULL)
        return OB_PREOP_SUCCESS;

    target = PsGetProcessId((PEPROCESS)Info->Object);
    if (target != g_ProtectedPid || target == PsGetCurrentProcessId())
        return OB_PREOP_SUCCESS;

    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        Info->Parameters->CreateHandleInformation.DesiredAccess &=
            ~(PROCESS_TERMINATE_RIGHT | PROCESS_VM_WRITE_RIGHT);
    } else {
        Info->Parameters->DuplicateHandleInformation.DesiredAccess &=
            ~(PROCESS_TERMINATE_RIGHT | PROCESS_VM_WRITE_RIGHT);
    }
    return OB_PREOP_SUCCESS;
}
