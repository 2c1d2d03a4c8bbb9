/*
 * kvstore.h - a tiny in-kernel key/value store.  Exercise in ERESOURCE
 * (many readers, one writer) and nonpaged lookaside lists.
 */
#ifndef KVSTORE_H
#define KVSTORE_H

#include <ntddk.h>

#define KV_TAG         'vKbB'
#define KV_VALUE_BYTES 64
#define KV_MAX_ENTRIES 4096

#define KV_NT_NAME   L"\\Device\\KvStore"
#define KV_DOS_NAME  L"\\DosDevices\\KvStore"

#define IOCTL_KV_PUT   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x880, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_KV_GET   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x881, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_KV_COUNT CTL_CODE(FILE_DEVICE_UNKNOWN, 0x882, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_KV_CLEAR CTL_CODE(FILE_DEVICE_UNKNOWN, 0x883, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define LOG(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "kvstore: " fmt "\n", ##__VA_ARGS__)

typedef struct _KV_PAIR {
    ULONG Key;
    UCHAR Value[KV_VALUE_BYTES];
} KV_PAIR, *PKV_PAIR;

typedef struct _KV_ENTRY {
    LIST_ENTRY Link;
    KV_PAIR    Pair;
} KV_ENTRY, *PKV_ENTRY;

/* driver state; helpers take a pointer to it so they can be reused */
typedef struct _KV_STATE {
    ERESOURCE             Lock;
    BOOLEAN               LockReady;
    NPAGED_LOOKASIDE_LIST EntryPool;
    BOOLEAN               PoolReady;
    LIST_ENTRY            Entries;
    ULONG                 Count;
    PDEVICE_OBJECT        Device;
    BOOLEAN               LinkReady;
} KV_STATE, *PKV_STATE;

/* store.c */
BOOLEAN  KvInitStorage(_Inout_ PKV_STATE State);
BOOLEAN  KvCreateDevice(_Inout_ PKV_STATE State, _In_ PDRIVER_OBJECT DriverObject, _Out_ NTSTATUS *Status);
VOID     KvTeardown(_Inout_ PKV_STATE State);
NTSTATUS KvPut(_Inout_ PKV_STATE State, _In_ const KV_PAIR *Pair);
BOOLEAN  KvGet(_Inout_ PKV_STATE State, _In_ ULONG Key, _Out_ PKV_PAIR Out);
ULONG    KvCount(_Inout_ PKV_STATE State);
VOID     KvClear(_Inout_ PKV_STATE State);

#endif
