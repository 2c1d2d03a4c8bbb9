#pragma once
//
// kbdremap - remaps a handful of scan codes (CapsLock -> LCtrl by default)
// on \Device\KeyboardClass0.  Remap pairs come from
//   HKLM\...\Services\kbdremap\Parameters\Map   REG_BINARY  { USHORT from, USHORT to } * n
//
#include <ntddk.h>
#include <ntddkbd.h>

#define KR_TAG              'mRbK'
#define KR_TARGET           L"\\Device\\KeyboardClass0"
#define KR_MAX_PAIRS        16
#define KR_POLL_MS          100

#define KR_PRINT(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "kbdremap: " fmt, __VA_ARGS__)

typedef struct _KR_PAIR {
    USHORT From;
    USHORT To;
} KR_PAIR, *PKR_PAIR;

typedef struct _KR_EXTENSION {
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  Lower;
} KR_EXTENSION, *PKR_EXTENSION;

typedef struct _KR_GLOBALS {
    PDEVICE_OBJECT  Filter;
    volatile LONG   PendingReads;
    ULONG           PairCount;
    KR_PAIR         Pairs[KR_MAX_PAIRS];
} KR_GLOBALS;

extern KR_GLOBALS g_Kr;

// remap.c
NTSTATUS KrLoadMap(_In_ PUNICODE_STRING RegistryPath);
USHORT   KrTranslate(_In_ USHORT MakeCode);
