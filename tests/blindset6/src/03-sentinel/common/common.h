//
// sentinel - shared definitions for the registry guard (cmdriver) and the
// process-handle guard (obdriver).
//
#pragma once

#include <ntifs.h>
#include <ntstrsafe.h>

#define SNT_TAG_GLOBALS  'gTNS'
#define SNT_TAG_STRING   'sTNS'
#define SNT_TAG_LIST     'lTNS'

#define SNT_LEVEL_ERROR   1
#define SNT_LEVEL_WARN    2
#define SNT_LEVEL_INFO    3
#define SNT_LEVEL_VERBOSE 4

extern ULONG SntTraceLevel;

#define SNT_TRACE(_lvl, _fmt, ...)                                              \
    do {                                                                        \
        if ((_lvl) <= SntTraceLevel) {                                          \
            DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,                 \
                       "[sentinel] %s: " _fmt "\n", __FUNCTION__, __VA_ARGS__); \
        }                                                                       \
    } while (0)

//
// Jump to _label when _status is a failure; logs the failing expression.
//
#define CHECK_STATUS(_status, _label)                                           \
    do {                                                                        \
        if (!NT_SUCCESS(_status)) {                                             \
            SNT_TRACE(SNT_LEVEL_ERROR, "line %d failed 0x%08X", __LINE__, (_status)); \
            goto _label;                                                        \
        }                                                                       \
    } while (0)

#define CHECK_ALLOC(_ptr, _status, _label)                                      \
    do {                                                                        \
        if ((_ptr) == NULL) {                                                   \
            (_status) = STATUS_INSUFFICIENT_RESOURCES;                          \
            SNT_TRACE(SNT_LEVEL_ERROR, "line %d: allocation failed", __LINE__); \
            goto _label;                                                        \
        }                                                                       \
    } while (0)

#define IOCTL_SNT_ADD_PROTECTED    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_SNT_CLEAR_PROTECTED  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x902, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_SNT_GET_STATS        CTL_CODE(FILE_DEVICE_UNKNOWN, 0x903, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _SNT_STATS {
    ULONG64 Inspected;
    ULONG64 Blocked;
} SNT_STATS, *PSNT_STATS;

//
// strutil.c
//
NTSTATUS
SntDuplicateUnicodeString(
    _In_ PCUNICODE_STRING Source,
    _Out_ PUNICODE_STRING Destination
    );

VOID
SntFreeUnicodeString(
    _Inout_ PUNICODE_STRING String
    );

NTSTATUS
SntReadDwordParameter(
    _In_ PCUNICODE_STRING RegistryPath,
    _In_ PCWSTR ValueName,
    _Out_ PULONG Value
    );

BOOLEAN
SntSuffixMatch(
    _In_ PCUNICODE_STRING String,
    _In_ PCUNICODE_STRING Suffix
    );
