/*
 * util.c - small helpers, plain C because they came from my old
 * usermode lib and I didn't feel like porting them
 */
#include "gamereader.h"

BOOLEAN GrEndsWithInsensitive(PCUNICODE_STRING Str, PCWSTR Suffix)
{
    UNICODE_STRING suffix, tail;

    RtlInitUnicodeString(&suffix, Suffix);
    if (Str == NULL || Str->Buffer == NULL || Str->Length < suffix.Length) {
        return FALSE;
    }

    tail.Buffer        = (PWCH)((PUCHAR)Str->Buffer + Str->Length - suffix.Length);
    tail.Length        = suffix.Length;
    tail.MaximumLength = suffix.Length;

    return RtlEqualUnicodeString(&tail, &suffix, TRUE);
}

/*
 * FNV-1a. was used by the signature scanner (pattern cache key),
 * scanner moved to usermode but the overlay still calls the old ioctl
 * sometimes so keep it around.
 */
ULONG GrFnv1a(const UCHAR* Data, SIZE_T Len)
{
    ULONG h = 0x811C9DC5;
    SIZE_T i;

    for (i = 0; i < Len; i++) {
        h ^= Data[i];
        h *= 0x01000193;
    }
    return h;
}
