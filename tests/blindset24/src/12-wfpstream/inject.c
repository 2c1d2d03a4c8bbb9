/*++

Module Name:

    inject.c

Abstract:

    Header redaction and stream re-injection for the stream redaction
    callout driver.

Environment:

    Kernel mode, IRQL <= DISPATCH_LEVEL

--*/

#include "wfpstream.h"

static void NTAPI
WsInjectComplete(
    _In_ void* context,
    _Inout_ NET_BUFFER_LIST* netBufferList,
    _In_ BOOLEAN dispatchLevel
    );

static VOID
WsFreeInjectContext(
    _In_ PWS_INJECT_CONTEXT Context
    )
{
    if (Context->Mdl != NULL) {
        IoFreeMdl(Context->Mdl);
    }
    if (Context->Buffer != NULL) {
        ExFreePoolWithTag(Context->Buffer, WS_TAG_INJECT);
    }
    ExFreePoolWithTag(Context, WS_TAG_INJECT);
}

static BOOLEAN
WsMatchAt(
    _In_reads_bytes_(Remaining) const UCHAR* Data,
    _In_ SIZE_T Remaining,
    _In_reads_bytes_(PatternLength) const CHAR* Pattern,
    _In_ SIZE_T PatternLength
    )
{
    SIZE_T i;
    UCHAR a;
    UCHAR b;

    if (Remaining < PatternLength) {
        return FALSE;
    }

    for (i = 0; i < PatternLength; i++) {
        a = Data[i];
        b = (UCHAR)Pattern[i];
        if (a >= 'A' && a <= 'Z') {
            a = (UCHAR)(a - 'A' + 'a');
        }
        if (b >= 'A' && b <= 'Z') {
            b = (UCHAR)(b - 'A' + 'a');
        }
        if (a != b) {
            return FALSE;
        }
    }

    return TRUE;
}

_Use_decl_annotations_
BOOLEAN
WsRedactHeader(
    PWS_GLOBALS Globals,
    PUCHAR Data,
    SIZE_T Length
    )
/*++

Routine Description:

    Looks for the configured header at the start of any line and replaces
    its value (up to CR or LF) with '*'.  The segment length does not
    change, so TCP sequence numbers stay valid.

    Only headers that are complete within one indicated segment are
    handled; that is the common case for requests written in one send().

--*/
{
    SIZE_T pos;
    SIZE_T v;
    BOOLEAN lineStart = TRUE;
    BOOLEAN changed = FALSE;

    for (pos = 0; pos < Length; pos++) {

        if (lineStart &&
            WsMatchAt(Data + pos, Length - pos, Globals->Header, Globals->HeaderLength)) {

            v = pos + Globals->HeaderLength;
            while (v < Length && Data[v] == ' ') {
                v++;
            }
            while (v < Length && Data[v] != '\r' && Data[v] != '\n') {
                Data[v] = '*';
                changed = TRUE;
                v++;
            }
            pos = (v == 0) ? 0 : v - 1;
            lineStart = FALSE;
            continue;
        }

        lineStart = (Data[pos] == '\n');
    }

    return changed;
}

_Use_decl_annotations_
NTSTATUS
WsInjectRedacted(
    PWS_GLOBALS Globals,
    UINT64 FlowHandle,
    UINT16 LayerId,
    UINT32 StreamFlags,
    PUCHAR Data,
    SIZE_T Length
    )
{
    NTSTATUS status;
    PWS_INJECT_CONTEXT ctx;
    NET_BUFFER_LIST* nbl = NULL;

    ctx = (PWS_INJECT_CONTEXT)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(*ctx), WS_TAG_INJECT);
    if (ctx == NULL) {
        ExFreePoolWithTag(Data, WS_TAG_INJECT);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    ctx->Buffer = Data;
    ctx->Length = Length;

    ctx->Mdl = IoAllocateMdl(Data, (ULONG)Length, FALSE, FALSE, NULL);
    if (ctx->Mdl == NULL) {
        WsFreeInjectContext(ctx);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    MmBuildMdlForNonPagedPool(ctx->Mdl);

    status = FwpsAllocateNetBufferAndNetBufferList0(Globals->NblPool, 0, 0, ctx->Mdl,
                                                    0, Length, &nbl);
    if (!NT_SUCCESS(status)) {
        WsFreeInjectContext(ctx);
        return status;
    }

    status = FwpsStreamInjectAsync0(Globals->InjectionHandle,
                                    NULL,
                                    0,
                                    FlowHandle,
                                    Globals->CalloutIdV4,
                                    LayerId,
                                    StreamFlags,
                                    nbl,
                                    Length,
                                    WsInjectComplete,
                                    ctx);
    if (!NT_SUCCESS(status)) {
        //
        // The completion routine is not called when injection fails
        // synchronously.
        //
        FwpsFreeNetBufferList0(nbl);
        WsFreeInjectContext(ctx);
        return status;
    }

    return STATUS_SUCCESS;
}

static void NTAPI
WsInjectComplete(
    _In_ void* context,
    _Inout_ NET_BUFFER_LIST* netBufferList,
    _In_ BOOLEAN dispatchLevel
    )
{
    PWS_INJECT_CONTEXT ctx = (PWS_INJECT_CONTEXT)context;

    UNREFERENCED_PARAMETER(dispatchLevel);

    if (!NT_SUCCESS(netBufferList->Status)) {
        InterlockedIncrement(&WsGlobals.InjectFailures);
    }

    FwpsFreeNetBufferList0(netBufferList);
    WsFreeInjectContext(ctx);
}
