/*
 * names.c - small path helpers, C so the user-mode test harness can share it
 */
#include "names.h"

VOID MwFileNamePart(_In_ PCUNICODE_STRING Path, _Out_ PUNICODE_STRING Name)
{
    USHORT i = Path->Length / sizeof(WCHAR);

    while (i > 0 && Path->Buffer[i - 1] != L'\\' && Path->Buffer[i - 1] != L'/') {
        i--;
    }
    Name->Buffer = Path->Buffer + i;
    Name->Length = (USHORT)(Path->Length - i * sizeof(WCHAR));
    Name->MaximumLength = Name->Length;
}

USHORT MwCopyName(_Out_writes_(Cap) PWCHAR Dst, _In_ USHORT Cap, _In_opt_ PCUNICODE_STRING Src)
{
    USHORT n;

    if (Cap == 0) {
        return 0;
    }
    if (Src == NULL || Src->Buffer == NULL) {
        Dst[0] = L'\0';
        return 0;
    }

    n = Src->Length / sizeof(WCHAR);
    if (n > Cap - 1) {
        n = Cap - 1;
    }
    RtlCopyMemory(Dst, Src->Buffer, n * sizeof(WCHAR));
    Dst[n] = L'\0';
    return n;
}
