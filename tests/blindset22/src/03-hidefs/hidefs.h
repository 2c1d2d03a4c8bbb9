#pragma once

#include <fltKernel.h>

#define HF_TAG              'fdiH'
#define HF_PORT_NAME        L"\\HideFsPort"
#define HF_MAX_NAME         64
#define HF_VALUE_NAME       L"HiddenNames"

/* messages from hidectl.exe */
typedef enum _HF_COMMAND {
    HfCmdAddName   = 1,
    HfCmdClearAll  = 2,
    HfCmdGetCount  = 3
} HF_COMMAND;

typedef struct _HF_MESSAGE {
    HF_COMMAND Command;
    WCHAR      Name[HF_MAX_NAME];
} HF_MESSAGE, *PHF_MESSAGE;

typedef struct _HF_NAME_ENTRY {
    LIST_ENTRY     Link;
    UNICODE_STRING Name;
    WCHAR          Buffer[HF_MAX_NAME];
} HF_NAME_ENTRY, *PHF_NAME_ENTRY;

/* hidefs.c */
extern PFLT_FILTER g_Filter;

BOOLEAN HfIsHidden(_In_ PCUNICODE_STRING Name);
NTSTATUS HfAddName(_In_reads_(Chars) PCWCH Name, _In_ ULONG Chars);
VOID HfClearNames(VOID);
