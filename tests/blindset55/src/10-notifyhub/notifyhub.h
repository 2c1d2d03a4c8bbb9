/*
 * notifyhub.h - process + thread notifications funneled into one counter
 *               table, read back through \\.\NotifyHub.
 */
#ifndef NOTIFYHUB_H
#define NOTIFYHUB_H

#include <ntifs.h>
#include <wdf.h>
#include <wdmsec.h>

#define NH_TAG              'buHN'
#define NH_BUCKETS          64          /* power of two */
#define NH_PENDING_MAX      512

#define NH_NT_NAME          L"\\Device\\NotifyHub"
#define NH_DOS_NAME         L"\\DosDevices\\NotifyHub"

#define IOCTL_NH_SNAPSHOT   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x8C0, METHOD_BUFFERED, FILE_READ_ACCESS)

#ifndef NH_TRACE
#define NH_TRACE 1
#endif

#if NH_TRACE
#define NHLOG(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "notifyhub: " fmt "\n", __VA_ARGS__)
#else
#define NHLOG(fmt, ...) ((void)0)
#endif

#define NH_CHECK(expr, label)                                                \
    do {                                                                     \
        status = (expr);                                                     \
        if (!NT_SUCCESS(status)) {                                           \
            NHLOG("%s failed 0x%08X (line %d)", #expr, status, __LINE__);    \
            goto label;                                                      \
        }                                                                    \
    } while (0)

/* per-process record kept while the process lives */
typedef struct _NH_PROC {
    LIST_ENTRY Link;
    HANDLE     ProcessId;
    LONG       Threads;
    LONG       ThreadsEver;
} NH_PROC, *PNH_PROC;

typedef struct _NH_SNAPSHOT {
    ULONG ProcessesLive;
    ULONG ProcessesSeen;
    ULONG ThreadsSeen;
    ULONG AllocFailures;
} NH_SNAPSHOT, *PNH_SNAPSHOT;

typedef struct _NH_STATE {
    NPAGED_LOOKASIDE_LIST Lookaside;
    KSPIN_LOCK            Lock;
    LIST_ENTRY            Buckets[NH_BUCKETS];
    NH_SNAPSHOT           Stats;

    WDFDEVICE             Control;

    /* what has actually been done, for the unwind */
    BOOLEAN               LookasideReady;
    BOOLEAN               ProcessNotifyOn;
    BOOLEAN               ThreadNotifyOn;
} NH_STATE;

extern NH_STATE g_Nh;

/* table.c */
VOID NhTableInit(VOID);
VOID NhTableDestroy(VOID);
VOID NhOnProcess(_In_ HANDLE ProcessId, _In_ BOOLEAN Create);
VOID NhOnThread(_In_ HANDLE ProcessId, _In_ BOOLEAN Create);
VOID NhSnapshot(_Out_ PNH_SNAPSHOT Out);

/* control.c */
NTSTATUS NhControlCreate(_In_ WDFDRIVER Driver);

#endif
