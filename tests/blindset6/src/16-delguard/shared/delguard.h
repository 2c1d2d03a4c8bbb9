//
// delguard - shared definitions.
//   mini/  : file system minifilter that refuses deletes/renames under the
//            protected folders
//   ctl/   : KMDF control driver the management console talks to; it keeps
//            the audit counters exported over WMI by the service
//
#pragma once

#define DG_TAG_GLOBAL   'gGeD'
#define DG_TAG_PATH     'pGeD'
#define DG_MAX_FOLDERS  8

#define DG_ALTITUDE     L"368420"

#define DG_TRACE(_fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "delguard: " _fmt "\n", __VA_ARGS__)

#define CHECK_STATUS(_s, _label)                                  \
    do {                                                          \
        if (!NT_SUCCESS(_s)) {                                    \
            DG_TRACE("%s(%d): 0x%08X", __FUNCTION__, __LINE__, (_s)); \
            goto _label;                                          \
        }                                                         \
    } while (0)

#define IOCTL_DG_GET_COUNTERS  CTL_CODE(FILE_DEVICE_UNKNOWN, 0xE01, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_DG_RESET         CTL_CODE(FILE_DEVICE_UNKNOWN, 0xE02, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _DG_COUNTERS {
    ULONG64 DeletesDenied;
    ULONG64 RenamesDenied;
    ULONG64 ConsoleQueries;
} DG_COUNTERS, *PDG_COUNTERS;
