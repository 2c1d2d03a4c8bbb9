/*
 * hello.h - shared definitions for the HelloDev driver
 *
 * Started life as the classic "Hello World" driver from the book exercises,
 * now it has a control device, a couple of IOCTLs, a shared page with user
 * mode and a background worker that bumps a tick counter.
 */
#pragma once

#include <ntddk.h>

#define HELLO_TAG           'lleH'
#define HELLO_DEVICE_NAME   L"\\Device\\HelloDev"
#define HELLO_SYMLINK_NAME  L"\\??\\HelloDev"

#define SHM_PAGES           4
#define SHM_SIZE            (PAGE_SIZE * SHM_PAGES)
#define SHM_MAGIC           0x4F4C4548 /* "HELO" */

#define WORKER_PERIOD_MS    1000

/* IOCTLs - keep in sync with the user-mode client (hellocli.c) */
#define IOCTL_HELLO_PING \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_HELLO_MAP_SHM \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_HELLO_GET_STATS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[hello] " fmt "\n", __VA_ARGS__)

/* layout of the page user mode sees */
typedef struct _HELLO_SHARED {
    ULONG           Magic;
    ULONG           Version;
    volatile LONG64 Ticks;
    volatile LONG   Pings;
    LONG            Reserved;
    CHAR            Message[64];
} HELLO_SHARED, *PHELLO_SHARED;

typedef struct _HELLO_STATS {
    LONG64  Ticks;
    LONG    Pings;
    ULONG   Mapped;
} HELLO_STATS, *PHELLO_STATS;

typedef struct _HELLO_GLOBALS {
    PDEVICE_OBJECT  DeviceObject;
    UNICODE_STRING  RegistryPath;

    /* shared memory */
    PVOID           ShmBase;
    PMDL            ShmMdl;
    PVOID           UserMapping;
    PEPROCESS       MappedProcess;

    /* worker */
    PKTHREAD        WorkerThread;
    KEVENT          StopEvent;
} HELLO_GLOBALS, *PHELLO_GLOBALS;

extern HELLO_GLOBALS g_Hello;

/* shm.c */
NTSTATUS ShmCreate(VOID);
VOID     ShmDestroy(VOID);
NTSTATUS ShmMapToUser(_Out_ PVOID *UserAddress);
VOID     ShmUnmapFromUser(VOID);

/* worker.c */
NTSTATUS WorkerStart(VOID);
VOID     WorkerStop(VOID);
