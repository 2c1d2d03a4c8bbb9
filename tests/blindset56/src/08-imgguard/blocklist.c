#include "imgguard.h"

static const PCWSTR DefaultNames[] = {
    L"capcom.sys",
    L"gdrv.sys",
    L"RTCore64.sys",
    L"dbutil_2_3.sys",
    L"iqvw64e.sys",
};

VOID IgBlocklistInit(_Inout_ PIG_BLOCKLIST List)
{
    ULONG i;

    RtlZeroMemory(List, sizeof(*List));
    KeInitializeSpinLock(&List->Lock);

    for (i = 0; i < ARRAYSIZE(DefaultNames) && i < IG_MAX_ENTRIES; i++) {
        RtlStringCchCopyW(List->Names[i], IG_NAME_CHARS, DefaultNames[i]);
    }
    List->Count = i;
}

/* ascii only case folding, good enough for driver file names and safe under the spin lock */
static BOOLEAN IgNameEqual(_In_reads_(Chars) PCWCH A, _In_ USHORT Chars, _In_z_ PCWSTR B)
{
    USHORT i;
    WCHAR  a, b;

    for (i = 0; i < Chars; i++) {
        a = A[i];
        b = B[i];
        if (b == L'\0') {
            return FALSE;
        }
        if (a >= L'A' && a <= L'Z') a += L'a' - L'A';
        if (b >= L'A' && b <= L'Z') b += L'a' - L'A';
        if (a != b) {
            return FALSE;
        }
    }
    return B[Chars] == L'\0';
}

/* does Path end with one of the names (compares the final component only) */
BOOLEAN IgBlocklistMatch(_In_ PCUNICODE_STRING Path, _Out_writes_(IG_NAME_CHARS) PWCHAR Matched)
{
    PIG_BLOCKLIST  bl = g_Guard.Blocklist;
    UNICODE_STRING fileName;
    USHORT         i;
    ULONG          n;
    KIRQL          irql;
    BOOLEAN        hit = FALSE;

    if (Path == NULL || Path->Buffer == NULL || Path->Length == 0) {
        return FALSE;
    }

    /* find last backslash */
    fileName = *Path;
    for (i = Path->Length / sizeof(WCHAR); i > 0; i--) {
        if (Path->Buffer[i - 1] == L'\\') {
            fileName.Buffer = &Path->Buffer[i];
            fileName.Length = Path->Length - i * sizeof(WCHAR);
            fileName.MaximumLength = fileName.Length;
            break;
        }
    }

    KeAcquireSpinLock(&bl->Lock, &irql);
    for (n = 0; n < bl->Count; n++) {
        if (IgNameEqual(fileName.Buffer, fileName.Length / sizeof(WCHAR), bl->Names[n])) {
            RtlCopyMemory(Matched, bl->Names[n], sizeof(bl->Names[n]));
            hit = TRUE;
            break;
        }
    }
    KeReleaseSpinLock(&bl->Lock, irql);

    return hit;
}

NTSTATUS IgBlocklistAdd(_In_reads_bytes_(Bytes) PCWSTR Name, _In_ ULONG Bytes)
{
    PIG_BLOCKLIST bl = g_Guard.Blocklist;
    KIRQL    irql;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG    chars = Bytes / sizeof(WCHAR);

    if (chars == 0 || chars >= IG_NAME_CHARS) {
        return STATUS_INVALID_PARAMETER;
    }

    KeAcquireSpinLock(&bl->Lock, &irql);
    if (bl->Count >= IG_MAX_ENTRIES) {
        status = STATUS_INSUFFICIENT_RESOURCES;
    } else {
        RtlCopyMemory(bl->Names[bl->Count], Name, chars * sizeof(WCHAR));
        bl->Names[bl->Count][chars] = L'\0';
        bl->Count++;
    }
    KeReleaseSpinLock(&bl->Lock, irql);

    return status;
}

VOID IgBlocklistClear(VOID)
{
    KIRQL irql;

    KeAcquireSpinLock(&g_Guard.Blocklist->Lock, &irql);
    g_Guard.Blocklist->Count = 0;
    KeReleaseSpinLock(&g_Guard.Blocklist->Lock, irql);
}

VOID IgAlertPush(_In_ IG_ALERT_KIND Kind, _In_ PCWSTR Name)
{
    PIG_BLOCKLIST bl = g_Guard.Blocklist;
    PIG_ALERT     a;
    KIRQL         irql;

    KeAcquireSpinLock(&bl->Lock, &irql);
    a = &bl->Alerts[(bl->AlertHead + bl->AlertCount) % IG_MAX_ALERTS];
    if (bl->AlertCount == IG_MAX_ALERTS) {
        bl->AlertHead = (bl->AlertHead + 1) % IG_MAX_ALERTS;    /* overwrite oldest */
    } else {
        bl->AlertCount++;
    }
    a->Kind      = (ULONG)Kind;
    a->ProcessId = HandleToULong(PsGetCurrentProcessId());
    KeQuerySystemTime(&a->Time);
    RtlStringCchCopyW(a->Name, IG_NAME_CHARS, Name);
    KeReleaseSpinLock(&bl->Lock, irql);
}

ULONG IgAlertFetch(_Out_writes_(Max) PIG_ALERT Out, _In_ ULONG Max)
{
    PIG_BLOCKLIST bl = g_Guard.Blocklist;
    KIRQL irql;
    ULONG n = 0;

    KeAcquireSpinLock(&bl->Lock, &irql);
    while (n < Max && bl->AlertCount > 0) {
        Out[n++] = bl->Alerts[bl->AlertHead];
        bl->AlertHead = (bl->AlertHead + 1) % IG_MAX_ALERTS;
        bl->AlertCount--;
    }
    KeReleaseSpinLock(&bl->Lock, irql);

    return n;
}
