#include "hello.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, HelloSetMessage)
#pragma alloc_text(PAGE, HelloGetMessage)
#endif

NTSTATUS HelloSetMessage(PHELLO_EXT Ext, PCSTR Data, ULONG Len)
{
    PAGED_CODE();

    if (Len == 0 || Len > HELLO_BUF_SIZE)
        return STATUS_INVALID_PARAMETER;

    ExAcquireFastMutex(&Ext->Lock);
    RtlCopyMemory(Ext->Message, Data, Len);
    Ext->MessageLen = Len;
    ExReleaseFastMutex(&Ext->Lock);

    HLOG("message set (%lu bytes)", Len);
    return STATUS_SUCCESS;
}

ULONG HelloGetMessage(PHELLO_EXT Ext, PCHAR Out, ULONG OutLen)
{
    ULONG n;

    PAGED_CODE();

    ExAcquireFastMutex(&Ext->Lock);
    n = min(OutLen, Ext->MessageLen);
    RtlCopyMemory(Out, Ext->Message, n);
    ExReleaseFastMutex(&Ext->Lock);
    return n;
}
