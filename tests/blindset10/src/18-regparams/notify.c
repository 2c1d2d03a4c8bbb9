/*
 * notify.c - the optional callbacks
 */
#include "rparams.h"

VOID
RpProcessNotify(HANDLE ParentId, HANDLE ProcessId, BOOLEAN Create)
{
    InterlockedIncrement(&g_Stats.ProcessEvents);
    RP_VERBOSE("process %p %s (parent %p)\n", ProcessId, Create ? "started" : "exited", ParentId);
}

VOID
RpImageNotify(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    InterlockedIncrement(&g_Stats.ImageEvents);
    if (FullImageName != NULL) {
        RP_VERBOSE("image %wZ in %p at %p\n", FullImageName, ProcessId, ImageInfo->ImageBase);
    }
}
