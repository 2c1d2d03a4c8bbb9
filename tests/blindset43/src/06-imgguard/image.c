/*
 * image.c - watch module loads into the guarded process and driver loads
 */
#include "imgguard.h"

/* drivers that have no business loading on a box we protect */
static const PCWSTR s_BadDrivers[] = {
    L"\\dbk64.sys",
    L"\\kprocesshacker.sys",
    L"\\rtcore64.sys",
    L"\\gdrv.sys",
};

static const UNICODE_STRING s_System32 = RTL_CONSTANT_STRING(L"\\Windows\\System32\\");
static const UNICODE_STRING s_SysWow64 = RTL_CONSTANT_STRING(L"\\Windows\\SysWOW64\\");

static BOOLEAN
IgContains(_In_ PCUNICODE_STRING Haystack, _In_ PCUNICODE_STRING Needle)
{
    USHORT i;
    UNICODE_STRING window;

    if (Haystack->Length < Needle->Length) {
        return FALSE;
    }
    for (i = 0; i <= (Haystack->Length - Needle->Length) / sizeof(WCHAR); i++) {
        window.Buffer = Haystack->Buffer + i;
        window.Length = Needle->Length;
        window.MaximumLength = Needle->Length;
        if (RtlEqualUnicodeString(&window, Needle, TRUE)) {
            return TRUE;
        }
    }
    return FALSE;
}

static BOOLEAN
IgIsBadDriver(_In_ PCUNICODE_STRING Name)
{
    ULONG i;
    UNICODE_STRING bad;

    for (i = 0; i < ARRAYSIZE(s_BadDrivers); i++) {
        RtlInitUnicodeString(&bad, s_BadDrivers[i]);
        if (IgContains(Name, &bad)) {
            return TRUE;
        }
    }
    return FALSE;
}

static VOID
IgRecordHit(_In_ HANDLE ProcessId, _In_ BOOLEAN Kernel, _In_ PCUNICODE_STRING Path)
{
    KIRQL irql;
    PIG_HIT hit;
    USHORT cb;

    KeAcquireSpinLock(&g_Ig.Lock, &irql);
    if (!g_Ig.Active) {
        KeReleaseSpinLock(&g_Ig.Lock, irql);
        return;
    }

    hit = &g_Ig.Hits[g_Ig.HitNext];
    g_Ig.HitNext = (g_Ig.HitNext + 1) % IG_MAX_HITS;
    if (g_Ig.HitCount < IG_MAX_HITS) {
        g_Ig.HitCount++;
    }

    hit->ProcessId = HandleToULong(ProcessId);
    hit->Kernel = Kernel ? 1 : 0;
    cb = min(Path->Length, (USHORT)(sizeof(hit->Path) - sizeof(WCHAR)));
    RtlCopyMemory(hit->Path, Path->Buffer, cb);
    hit->Path[cb / sizeof(WCHAR)] = L'\0';

    KeReleaseSpinLock(&g_Ig.Lock, irql);
}

VOID
IgLoadImageNotify(_In_opt_ PUNICODE_STRING FullImageName,
                  _In_ HANDLE ProcessId,
                  _In_ PIMAGE_INFO ImageInfo)
{
    if (FullImageName == NULL || FullImageName->Buffer == NULL) {
        return;
    }

    if (ImageInfo->SystemModeImage) {
        if (IgIsBadDriver(FullImageName)) {
            LOG("known-vulnerable driver loaded: %wZ", FullImageName);
            IgRecordHit(ProcessId, TRUE, FullImageName);
        }
        return;
    }

    /* only user images mapped into the guarded process from here */
    if (ProcessId == NULL || ProcessId != g_Ig.TargetPid) {
        return;
    }

    if (IgContains(FullImageName, &s_System32) || IgContains(FullImageName, &s_SysWow64)) {
        return;
    }

    LOG("foreign module in target %p: %wZ", ProcessId, FullImageName);
    IgRecordHit(ProcessId, FALSE, FullImageName);
}
