#include "procwatch.h"

//
// Fixed-size ring of the last PW_MAX_EVENTS process events.
// Oldest entries get overwritten when the reader is too slow.
//
static KSPIN_LOCK g_LogLock;
static PW_EVENT   g_Log[PW_MAX_EVENTS];
static ULONG      g_Head;        // next slot to write
static ULONG      g_Count;       // valid entries
static PW_STATS   g_Stats;

VOID PwInitEventLog(VOID)
{
    KeInitializeSpinLock(&g_LogLock);
    g_Head = 0;
    g_Count = 0;
    RtlZeroMemory(&g_Stats, sizeof(g_Stats));
}

static VOID PwCopyImageName(PPW_EVENT Ev, PCUNICODE_STRING Name)
{
    USHORT chars;

    if (Name == NULL || Name->Buffer == NULL || Name->Length == 0) {
        Ev->Image[0] = L'\0';
        return;
    }

    chars = Name->Length / sizeof(WCHAR);
    if (chars >= PW_IMAGE_CHARS) {
        // keep the end of the path, the file name is what we care about
        RtlCopyMemory(Ev->Image,
                      Name->Buffer + (chars - (PW_IMAGE_CHARS - 1)),
                      (PW_IMAGE_CHARS - 1) * sizeof(WCHAR));
        Ev->Image[PW_IMAGE_CHARS - 1] = L'\0';
    } else {
        RtlCopyMemory(Ev->Image, Name->Buffer, chars * sizeof(WCHAR));
        Ev->Image[chars] = L'\0';
    }
}

VOID
PwProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    PW_EVENT ev;
    KIRQL oldIrql;

    UNREFERENCED_PARAMETER(Process);

    RtlZeroMemory(&ev, sizeof(ev));
    ev.ProcessId = HandleToULong(ProcessId);
    KeQuerySystemTime(&ev.Time);

    if (CreateInfo != NULL) {
        ev.Create = TRUE;
        ev.ParentId = HandleToULong(CreateInfo->ParentProcessId);
        if (CreateInfo->FileOpenNameAvailable) {
            PwCopyImageName(&ev, CreateInfo->ImageFileName);
        }
    }

    KeAcquireSpinLock(&g_LogLock, &oldIrql);

    if (g_Count == PW_MAX_EVENTS) {
        g_Stats.Dropped++;
        g_Count--;
    }
    g_Log[g_Head] = ev;
    g_Head = (g_Head + 1) % PW_MAX_EVENTS;
    g_Count++;

    if (ev.Create) {
        g_Stats.Created++;
    } else {
        g_Stats.Exited++;
    }

    KeReleaseSpinLock(&g_LogLock, oldIrql);
}

ULONG PwDrainEvents(_Out_writes_(MaxCount) PPW_EVENT Out, _In_ ULONG MaxCount)
{
    KIRQL oldIrql;
    ULONG copied = 0;
    ULONG tail;

    KeAcquireSpinLock(&g_LogLock, &oldIrql);

    tail = (g_Head + PW_MAX_EVENTS - g_Count) % PW_MAX_EVENTS;
    while (copied < MaxCount && g_Count > 0) {
        Out[copied++] = g_Log[tail];
        tail = (tail + 1) % PW_MAX_EVENTS;
        g_Count--;
    }

    KeReleaseSpinLock(&g_LogLock, oldIrql);
    return copied;
}

VOID PwGetStats(_Out_ PPW_STATS Stats)
{
    KIRQL oldIrql;

    KeAcquireSpinLock(&g_LogLock, &oldIrql);
    *Stats = g_Stats;
    KeReleaseSpinLock(&g_LogLock, oldIrql);
}
