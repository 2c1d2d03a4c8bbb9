#pragma once
#include <fltKernel.h>

#define FH_PORT_NAME   L"\\FileHiderPort"
#define FH_TAG         'dHlF'
#define FH_MAX_PREFIX  64

#define DBG_PRINT(_fmt, ...) DbgPrint("FileHider!%s: " _fmt "\n", __FUNCTION__, __VA_ARGS__)

typedef struct _FH_GLOBALS {
    PFLT_FILTER Filter;
    PFLT_PORT   ServerPort;
    PFLT_PORT   ClientPort;
    WCHAR       PrefixBuf[FH_MAX_PREFIX];
    UNICODE_STRING Prefix;          // files starting with this are hidden
    ULONG       Hidden;
} FH_GLOBALS;

extern FH_GLOBALS Globals;

// comm.c
NTSTATUS FhCreatePort(VOID);
// hide.c
FLT_POSTOP_CALLBACK_STATUS FLTAPI FhPostDirCtrl(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                                                PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags);
