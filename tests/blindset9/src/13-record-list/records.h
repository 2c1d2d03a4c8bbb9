/*
 * RecList - keeps user supplied records in a nonpaged list guarded by a spin lock.
 * Entries come from a lookaside list. Set up as a table of init/undo steps so
 * DriverEntry failure and unload share the same teardown.
 */
#pragma once

#include <ntddk.h>

#define RL_TAG           'tsLR'
#define RL_DEVICE_NAME   L"\\Device\\RecList"
#define RL_LINK_NAME     L"\\??\\RecList"
#define RL_PAYLOAD_SIZE  32
#define RL_MAX_RECORDS   4096

#define RL_DEVICE_TYPE   0x8E00
#define IOCTL_RL_ADD     CTL_CODE(RL_DEVICE_TYPE, 0x800, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_RL_REMOVE  CTL_CODE(RL_DEVICE_TYPE, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_RL_GET     CTL_CODE(RL_DEVICE_TYPE, 0x802, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_RL_COUNT   CTL_CODE(RL_DEVICE_TYPE, 0x803, METHOD_BUFFERED, FILE_READ_ACCESS)

#define RL_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "reclist: " fmt "\n", __VA_ARGS__)

typedef struct _RL_RECORD_DATA {
    ULONG Id;
    ULONG Flags;
    UCHAR Payload[RL_PAYLOAD_SIZE];
} RL_RECORD_DATA, *PRL_RECORD_DATA;

typedef struct _RL_RECORD {
    LIST_ENTRY     Link;
    RL_RECORD_DATA Data;
} RL_RECORD, *PRL_RECORD;

typedef struct _RL_STORE {
    LIST_ENTRY               Head;
    KSPIN_LOCK               Lock;
    ULONG                    Count;
    NPAGED_LOOKASIDE_LIST    Lookaside;
} RL_STORE;

/* records.c */
NTSTATUS RlStoreInit(_In_ PDRIVER_OBJECT DriverObject);
VOID     RlStoreDestroy(VOID);
NTSTATUS RlStoreAdd(_In_ const RL_RECORD_DATA *Data);
NTSTATUS RlStoreRemove(_In_ ULONG Id);
NTSTATUS RlStoreGet(_In_ ULONG Id, _Out_ PRL_RECORD_DATA Out);
ULONG    RlStoreCount(VOID);
