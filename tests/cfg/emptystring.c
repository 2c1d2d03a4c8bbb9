/* A counted string pointed at a buffer by RtlInitEmptyUnicodeString is a
 * store of that buffer into its Buffer, as the kit's inline body does, so a
 * later test of s.Buffer reads what was stored; RtlCopyUnicodeString writes
 * the characters, not the pointer. */
#include <ntddk.h>

static UNICODE_STRING Path;

NTSTATUS Keep(PCUNICODE_STRING From, PWCH Buffer, USHORT Size)
{
    UNICODE_STRING local;

    RtlInitEmptyUnicodeString(&Path, Buffer, Size);
    RtlCopyUnicodeString(&Path, From);
    RtlInitEmptyUnicodeString(&local, NULL, 0);
    if (Path.Buffer == NULL || local.Buffer != NULL) {
        return STATUS_UNSUCCESSFUL;
    }
    return STATUS_SUCCESS;
}
