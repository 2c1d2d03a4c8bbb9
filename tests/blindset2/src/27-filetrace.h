#pragma once
#include <ntddk.h>

#define FT_TAG          'crTF'
#define FT_RING_ENTRIES 1024

typedef struct _FT_EVENT {
    LARGE_INTEGER Time;
    HANDLE        Pid;
    ULONG         Kind;
} FT_EVENT, *PFT_EVENT;

typedef struct _FT_RING {
    KSPIN_LOCK Lock;
    ULONG      Head;
    ULONG      Count;
    FT_EVENT   Events[FT_RING_ENTRIES];
} FT_RING, *PFT_RING;

typedef struct _FT_GLOBALS {
    PFT_RING       Ring;
    PUCHAR         Scratch;       // formatting buffer for the reader
    ULONG          ScratchBytes;
    PDEVICE_OBJECT Device;
} FT_GLOBALS;

extern FT_GLOBALS g_Ft;

NTSTATUS FtAllocateGlobals(_In_ ULONG ScratchBytes);
VOID     FtFreeGlobals(VOID);
VOID     FtRecord(_In_ ULONG Kind);
