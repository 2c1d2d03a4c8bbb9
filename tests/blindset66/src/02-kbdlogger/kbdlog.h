#ifndef _KBDLOG_H_
#define _KBDLOG_H_

#include <ntddk.h>
#include <ntddkbd.h>

#define KBDLOG_TAG          'gLbK'
#define KBD_TARGET_NAME     L"\\Device\\KeyboardClass0"

#define RING_SIZE           256

#if DBG
#define KdLog(_x_)          DbgPrint _x_
#else
#define KdLog(_x_)
#endif

typedef struct _KBDLOG_EXTENSION {
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  LowerDevice;        // what IoAttachDevice gave us
    ULONG           KeysSeen;
} KBDLOG_EXTENSION, *PKBDLOG_EXTENSION;

typedef struct _KEY_RING {
    KSPIN_LOCK  Lock;
    ULONG       Head;
    USHORT      Codes[RING_SIZE];
    USHORT      Flags[RING_SIZE];
} KEY_RING, *PKEY_RING;

//
// globals, all in kbdlog.c
//
extern PDEVICE_OBJECT   g_FilterDevice;
extern volatile LONG    g_PendingReads;
extern KEY_RING         g_Ring;

//
// keymap.c
//
const char* KlScanCodeToName(USHORT MakeCode, BOOLEAN Extended);
VOID        KlRingInit(VOID);
VOID        KlRingPush(USHORT MakeCode, USHORT Flags);
VOID        KlRingDump(VOID);

#endif
