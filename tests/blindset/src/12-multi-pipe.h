// multipipe.h - constants and the per-device extension
#pragma once

#define NUM_PIPES 4
#define PIPE_BUF  256

typedef struct _PIPE_EXT {
    ULONG Index;
    ULONG Used;
    UCHAR Data[PIPE_BUF];
    WCHAR LinkBuf[32];
    UNICODE_STRING Link;
} PIPE_EXT, *PPIPE_EXT;
