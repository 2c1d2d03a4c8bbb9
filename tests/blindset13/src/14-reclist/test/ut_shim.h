/*
 * ut_shim.h - just enough of the kernel API to build reclist's driver sources
 * as a user-mode program (RECLIST_USERMODE_TEST). Failures can be injected
 * into IoCreateDevice / IoCreateSymbolicLink to exercise the unwind paths.
 */
#pragma once
#ifdef RECLIST_USERMODE_TEST

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <stddef.h>
#include <wchar.h>

typedef int32_t NTSTATUS;
typedef uint32_t ULONG, *PULONG;
typedef unsigned short USHORT;
typedef unsigned char UCHAR, BOOLEAN;
typedef void VOID, *PVOID;
typedef const char *PCSTR;
typedef const wchar_t *PCWSTR;
typedef uintptr_t ULONG_PTR, KSPIN_LOCK;
typedef UCHAR KIRQL;

#define TRUE 1
#define FALSE 0
#define NT_SUCCESS(s) ((NTSTATUS)(s) >= 0)
#define STATUS_SUCCESS                ((NTSTATUS)0x00000000L)
#define STATUS_NO_MORE_ENTRIES        ((NTSTATUS)0x8000001AL)
#define STATUS_INSUFFICIENT_RESOURCES ((NTSTATUS)0xC000009AL)
#define STATUS_OBJECT_NAME_COLLISION  ((NTSTATUS)0xC0000035L)
#define STATUS_OBJECT_NAME_NOT_FOUND  ((NTSTATUS)0xC0000034L)
#define STATUS_INVALID_BUFFER_SIZE    ((NTSTATUS)0xC0000206L)
#define STATUS_QUOTA_EXCEEDED         ((NTSTATUS)0xC0000044L)
#define STATUS_DATA_ERROR             ((NTSTATUS)0xC000003EL)
#define STATUS_ACCESS_DENIED          ((NTSTATUS)0xC0000022L)
#define STATUS_BUFFER_TOO_SMALL       ((NTSTATUS)0xC0000023L)
#define STATUS_INVALID_DEVICE_REQUEST ((NTSTATUS)0xC0000010L)

#define UNREFERENCED_PARAMETER(p) (void)(p)
#define ARRAYSIZE(a) (sizeof(a) / sizeof((a)[0]))
#define FIELD_OFFSET(t, f) ((ULONG)offsetof(t, f))
#define CONTAINING_RECORD(a, t, f) ((t *)((char *)(a) - offsetof(t, f)))
#ifndef min
#define min(a, b) ((a) < (b) ? (a) : (b))
#endif
#define CTL_CODE(t, f, m, a) (((t) << 16) | ((a) << 14) | ((f) << 2) | (m))
#define FILE_DEVICE_UNKNOWN 0x22
#define METHOD_BUFFERED 0
#define FILE_READ_ACCESS 1
#define FILE_WRITE_ACCESS 2
#define FILE_DEVICE_SECURE_OPEN 0x100
#define DO_BUFFERED_IO 0x4
#define DO_DEVICE_INITIALIZING 0x80
#define IO_NO_INCREMENT 0
#define IRP_MJ_CREATE 0x00
#define IRP_MJ_CLOSE 0x02
#define IRP_MJ_DEVICE_CONTROL 0x0e
#define IRP_MJ_MAXIMUM_FUNCTION 0x1b
#define POOL_FLAG_NON_PAGED 0x40
#define RTL_REGISTRY_ABSOLUTE 0
#define RTL_QUERY_REGISTRY_DIRECT 0x20
#define RTL_QUERY_REGISTRY_REQUIRED 0x04
#define DPFLTR_IHVDRIVER_ID 77
#define DPFLTR_ERROR_LEVEL 0
#define DbgPrintEx(id, lvl, ...) printf(__VA_ARGS__)

typedef struct _LIST_ENTRY { struct _LIST_ENTRY *Flink, *Blink; } LIST_ENTRY, *PLIST_ENTRY;
static inline void InitializeListHead(PLIST_ENTRY h) { h->Flink = h->Blink = h; }
static inline BOOLEAN IsListEmpty(const LIST_ENTRY *h) { return h->Flink == h; }
static inline void InsertTailList(PLIST_ENTRY h, PLIST_ENTRY e)
{ e->Flink = h; e->Blink = h->Blink; h->Blink->Flink = e; h->Blink = e; }
static inline PLIST_ENTRY RemoveHeadList(PLIST_ENTRY h)
{ PLIST_ENTRY e = h->Flink; h->Flink = e->Flink; e->Flink->Blink = h; return e; }

#define KeInitializeSpinLock(l) (*(l) = 0)
#define KeAcquireSpinLock(l, i) (*(i) = 0)
#define KeReleaseSpinLock(l, i) ((void)(i))
#define RtlCopyMemory memcpy
#define RtlZeroMemory(p, n) memset((p), 0, (n))
#define ExAllocatePool2(f, n, t) calloc(1, (n))
#define ExFreePoolWithTag(p, t) free(p)

typedef struct _UNICODE_STRING { USHORT Length, MaximumLength; wchar_t *Buffer; } UNICODE_STRING, *PUNICODE_STRING;
static inline void RtlInitUnicodeString(PUNICODE_STRING s, PCWSTR w)
{ s->Buffer = (wchar_t *)w; s->Length = (USHORT)(w ? wcslen(w) * 2 : 0); s->MaximumLength = s->Length; }

typedef struct _RTL_QUERY_REGISTRY_TABLE {
    void *QueryRoutine; ULONG Flags; PCWSTR Name; PVOID EntryContext;
    ULONG DefaultType; PVOID DefaultData; ULONG DefaultLength;
} RTL_QUERY_REGISTRY_TABLE;

typedef struct _DEVICE_OBJECT { ULONG Flags; PVOID DeviceExtension; } DEVICE_OBJECT, *PDEVICE_OBJECT;
typedef struct _IRP IRP, *PIRP;
typedef NTSTATUS (*PDRIVER_DISPATCH)(PDEVICE_OBJECT, PIRP);
typedef struct _DRIVER_OBJECT {
    void (*DriverUnload)(struct _DRIVER_OBJECT *);
    PDRIVER_DISPATCH MajorFunction[IRP_MJ_MAXIMUM_FUNCTION + 1];
} DRIVER_OBJECT, *PDRIVER_OBJECT;
typedef struct _IO_STATUS_BLOCK { NTSTATUS Status; ULONG_PTR Information; } IO_STATUS_BLOCK;
struct _IRP { IO_STATUS_BLOCK IoStatus; struct { PVOID SystemBuffer; } AssociatedIrp; };
typedef struct _IO_STACK_LOCATION {
    struct { struct { ULONG OutputBufferLength, InputBufferLength, IoControlCode; } DeviceIoControl; } Parameters;
} IO_STACK_LOCATION, *PIO_STACK_LOCATION;

/* fakes implemented in ut_main.c */
NTSTATUS IoCreateDevice(PDRIVER_OBJECT, ULONG, PUNICODE_STRING, ULONG, ULONG, BOOLEAN, PDEVICE_OBJECT *);
void IoDeleteDevice(PDEVICE_OBJECT);
NTSTATUS IoCreateSymbolicLink(PUNICODE_STRING, PUNICODE_STRING);
NTSTATUS IoDeleteSymbolicLink(PUNICODE_STRING);
NTSTATUS RtlQueryRegistryValues(ULONG, PCWSTR, RTL_QUERY_REGISTRY_TABLE *, PVOID, PVOID);
PIO_STACK_LOCATION IoGetCurrentIrpStackLocation(PIRP);
void IoCompleteRequest(PIRP, int);

#endif /* RECLIST_USERMODE_TEST */
