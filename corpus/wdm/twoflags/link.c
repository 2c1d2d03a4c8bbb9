/*
 * link.c - the transport layer of "pager": a buffer for the frames it
 * sends. Its own `Steps` word records what it opened; it starts from 0.
 */

#include <ntddk.h>
#include "pager.h"

#define LINK_TAG   'kLgP'
#define STEP_FRAME 0x1

static ULONG Steps;
static PVOID Frames;

NTSTATUS
PgLinkStart(VOID)
{
    Steps = 0;
    Frames = ExAllocatePool2(POOL_FLAG_NON_PAGED, PAGE_SIZE, LINK_TAG);
    if (Frames == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Steps |= STEP_FRAME;
    return STATUS_SUCCESS;
}

VOID
PgLinkStop(VOID)
{
    if (Steps & STEP_FRAME) {
        ExFreePoolWithTag(Frames, LINK_TAG);
        Frames = NULL;
    }
    Steps = 0;
}
